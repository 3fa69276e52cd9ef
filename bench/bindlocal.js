'use strict';
// Preload for `node -r ./bench/bindlocal.js ...`: makes every TCP server the
// program starts (http.Server, https.Server and express apps all listen
// through net.Server.prototype.listen) listen on 127.0.0.1 instead of on all
// interfaces. The Node peer of bench/compare.sh
// (@jordanwalsh23/postman-local-mock-server) calls server.listen(port, cb)
// with no host, which would bind 0.0.0.0 / [::].
//
// Handled call forms: listen(port[, host][, backlog][, cb]),
// listen({port, host, ...}[, cb]) and listen([cb]); listen(path) for Unix
// sockets and listen(handle) are left alone. BENCH_BIND_HOST overrides the
// address.
const net = require('net');

const HOST = process.env.BENCH_BIND_HOST || '127.0.0.1';
const original = net.Server.prototype.listen;

function isPort(v) {
  return typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v));
}

net.Server.prototype.listen = function listen(...args) {
  const first = args[0];
  if (first !== null && typeof first === 'object' && 'port' in first) {
    args[0] = Object.assign({}, first, { host: HOST });
  } else if (isPort(first)) {
    if (typeof args[1] === 'string') {
      args[1] = HOST;
    } else {
      args.splice(1, 0, HOST);
    }
  } else if (first === undefined || typeof first === 'function') {
    args.splice(0, first === undefined ? 1 : 0, 0, HOST);
  }
  return original.apply(this, args);
};
