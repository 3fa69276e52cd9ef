package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"net"
	"os"
	"strings"
	"time"
)

// generatedCertLifetime is how long the certificate -tls generates is
// valid: a server run, with room to spare, and short enough that a leaked
// copy soon stops mattering.
const generatedCertLifetime = 24 * time.Hour

// tlsFlags are the HTTPS flags of serve and api.
type tlsFlags struct {
	on        bool
	cert, key string
	certOut   string
}

func (f *tlsFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.on, "tls", false, "serve https with a certificate generated at start-up")
	fs.StringVar(&f.cert, "cert", "", "certificate `FILE` (PEM) to serve https with; needs -key")
	fs.StringVar(&f.key, "key", "", "private key `FILE` (PEM) of -cert")
	fs.StringVar(&f.certOut, "cert-out", "", "write the generated certificate (PEM) to `FILE`, for clients to trust")
}

// enabled reports whether the flags ask for https: -tls, or any of the
// flags that only make sense with it.
func (f *tlsFlags) enabled() bool {
	return f.on || f.cert != "" || f.key != "" || f.certOut != ""
}

// check reports the flag combinations that cannot work, before anything is
// loaded.
func (f *tlsFlags) check() error {
	switch {
	case f.cert != "" && f.key == "":
		return badUsage("-cert needs -key (the certificate's private key file)")
	case f.key != "" && f.cert == "":
		return badUsage("-key needs -cert (the certificate file)")
	case f.certOut != "" && f.cert != "":
		return badUsage("-cert-out writes the certificate -tls generates; with -cert you already have it")
	}
	return nil
}

// serverTLS is how a command serves https.
type serverTLS struct {
	config *tls.Config
	// generated is the certificate made at start-up, nil with -cert.
	generated *x509.Certificate
}

// setup loads -cert and -key, or generates a certificate for host (the
// -host flag) and writes it to -cert-out. It returns nil without https.
func (f *tlsFlags) setup(host string, now time.Time) (*serverTLS, error) {
	if !f.enabled() {
		return nil, nil
	}
	st := &serverTLS{}
	var pair tls.Certificate
	if f.cert != "" {
		var err error
		pair, err = tls.LoadX509KeyPair(f.cert, f.key)
		if err != nil {
			return nil, fmt.Errorf("cannot use -cert %s -key %s: %v", f.cert, f.key, err)
		}
	} else {
		var err error
		pair, st.generated, err = selfSigned(host, now)
		if err != nil {
			return nil, fmt.Errorf("cannot generate a TLS certificate: %v", err)
		}
		if f.certOut != "" {
			block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: st.generated.Raw})
			// The certificate is public: readable by all, like any CA file.
			if err := os.WriteFile(f.certOut, block, 0o644); err != nil {
				return nil, fmt.Errorf("cannot write -cert-out: %v", err)
			}
		}
	}
	st.config = &tls.Config{
		Certificates: []tls.Certificate{pair},
		MinVersion:   tls.VersionTLS12,
		// HTTP/1.1 only: the connection limit and the per-call deadlines
		// (limits.go) are written for one call at a time per connection.
		NextProtos: []string{"http/1.1"},
	}
	return st, nil
}

// selfSigned makes an ECDSA P-256 certificate for 127.0.0.1, ::1,
// localhost and host (when it names one interface), valid from an hour
// before now (clocks differ) for generatedCertLifetime. It signs itself
// and may sign (IsCA), as httptest's does, so that clients can trust it as
// a root: curl --cacert, Go's x509.CertPool, a browser.
func selfSigned(host string, now time.Time) (tls.Certificate, *x509.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"postmock"}, CommonName: "postmock self-signed"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(generatedCertLifetime),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	if ip := net.ParseIP(host); ip != nil {
		if !ip.IsUnspecified() && !ip.IsLoopback() {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		}
	} else if host != "" && host != "localhost" {
		tmpl.DNSNames = append(tmpl.DNSNames, host)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, cert, nil
}

// scheme is the URL scheme st serves.
func (st *serverTLS) scheme() string {
	if st == nil {
		return "http"
	}
	return "https"
}

// listener wraps ln (nil st: ln itself).
func (st *serverTLS) listener(ln net.Listener) net.Listener {
	if st == nil {
		return ln
	}
	return tls.NewListener(ln, st.config)
}

// curl is how the printed hints call curl: trusting the certificate
// written to -cert-out, or not checking a generated one.
func (f *tlsFlags) curl(st *serverTLS) string {
	switch {
	case st == nil || st.generated == nil:
		return "curl"
	case f.certOut != "":
		return "curl --cacert " + f.certOut
	default:
		return "curl -k"
	}
}

// describe is the line serve and api print about a generated certificate.
func (f *tlsFlags) describe(st *serverTLS) string {
	if st == nil || st.generated == nil {
		return ""
	}
	c := st.generated
	names := make([]string, 0, len(c.IPAddresses)+len(c.DNSNames))
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	names = append(names, c.DNSNames...)
	trust := "write it with -cert-out FILE to trust it (curl --cacert FILE), or use curl -k"
	if f.certOut != "" {
		trust = "written to " + f.certOut + " (curl --cacert " + f.certOut + ")"
	}
	return fmt.Sprintf("postmock: https with a self-signed certificate for %s, valid until %s; %s",
		strings.Join(names, ", "), c.NotAfter.UTC().Format(time.RFC3339), trust)
}
