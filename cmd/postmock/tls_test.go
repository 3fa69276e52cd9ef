package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// tlsGet makes one GET over a fresh connection with a client that trusts
// roots (nil: the system's) and returns status and body.
func tlsGet(t *testing.T, url string, roots *x509.CertPool, header map[string]string) (int, string, error) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	tr := &http.Transport{DisableKeepAlives: true, TLSClientConfig: &tls.Config{RootCAs: roots}}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr, Timeout: hangGuard}).Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), nil
}

// poolFromPEM is a pool holding the certificates of the PEM file path.
func poolFromPEM(t *testing.T, path string) *x509.CertPool {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(raw) {
		t.Fatalf("%s holds no PEM certificate:\n%s", path, raw)
	}
	return pool
}

// httpsBase turns startCLI's http://ADDR into https://ADDR.
func httpsBase(s *server) string { return "https://" + strings.TrimPrefix(s.base, "http://") }

func TestServeTLSAnswersClientsThatTrustTheGeneratedCertificate(t *testing.T) {
	certOut := filepath.Join(t.TempDir(), "postmock.pem")
	s := startServe(t, "-collection", worked, "-tls", "-cert-out", certOut)
	base := httpsBase(s)
	out := s.stdout.String()
	if !strings.Contains(out, " at "+base+"\n") {
		t.Errorf("stdout = %q, want the https URL %s", out, base)
	}
	if !strings.Contains(out, "self-signed certificate for 127.0.0.1, ::1, localhost, valid until ") ||
		!strings.Contains(out, "written to "+certOut+" (curl --cacert "+certOut+")") {
		t.Errorf("stdout = %q, want the certificate's names and where it was written", out)
	}
	pool := poolFromPEM(t, certOut)

	port := base[strings.LastIndex(base, ":")+1:]
	// Every name the certificate is for verifies, not only the printed one.
	for _, url := range []string{base, "https://localhost:" + port} {
		code, body, err := tlsGet(t, url+"/users", pool, nil)
		if err != nil {
			t.Fatalf("GET %s/users trusting -cert-out: %v", url, err)
		}
		if code != 200 || body != `{"example": "a1"}` {
			t.Errorf("GET %s/users = %d %s, want the saved example", url, code, body)
		}
	}

	// A client that does not trust the certificate is refused it.
	_, _, err := tlsGet(t, base+"/users", x509.NewCertPool(), nil)
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Errorf("GET without trusting the certificate: err = %v, want x509.UnknownAuthorityError", err)
	}
	// The server side of that failed handshake is told on the command's
	// standard error (net/http logs it once the client has hung up).
	for deadline := time.Now().Add(hangGuard); !strings.Contains(s.stderr.String(), "postmock: http: TLS handshake error from 127.0.0.1:"); {
		if time.Now().After(deadline) {
			t.Fatalf("stderr = %q, want the failed handshake", s.stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}

	// Plain http to the TLS port gets no mock answer, only net/http's 400.
	code, body := call(t, "GET", s.base+"/users", nil)
	if code != 400 || !strings.Contains(body, "HTTP request to an HTTPS server") {
		t.Errorf("plain http GET = %d %q, want 400 'HTTP request to an HTTPS server'", code, body)
	}
}

func TestServeTLSWithoutCertOutSaysHowToTrustIt(t *testing.T) {
	s := startServe(t, "-tls")
	out := s.stdout.String()
	for _, want := range []string{" at " + httpsBase(s) + "\n", "-cert-out FILE", "curl -k " + httpsBase(s) + "/products\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout = %q, want it to contain %q", out, want)
		}
	}
	// Without -cert-out the certificate is nowhere on disk, but it is
	// still the one served: check it through the connection.
	conn, err := tls.Dial("tcp", strings.TrimPrefix(s.base, "http://"), &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	leaf := conn.ConnectionState().PeerCertificates[0]
	if _, ok := leaf.PublicKey.(*ecdsa.PublicKey); !ok {
		t.Errorf("key %T, want ECDSA", leaf.PublicKey)
	}
	if err := leaf.VerifyHostname("127.0.0.1"); err != nil {
		t.Error(err)
	}
}

// writeCA makes a CA and a server certificate it signs for 127.0.0.1,
// writes the server's certificate and key as PEM files in dir and returns
// their paths and the CA.
func writeCA(t *testing.T, dir string) (certFile, keyFile string, ca *x509.Certificate) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, err = x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "test server"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "server.pem"), filepath.Join(dir, "server.key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile, ca
}

func TestServeCertAndKeyServeTheGivenCertificate(t *testing.T) {
	certFile, keyFile, ca := writeCA(t, t.TempDir())
	// -cert and -key imply https without -tls.
	s := startServe(t, "-collection", worked, "-cert", certFile, "-key", keyFile)
	base := httpsBase(s)
	if out := s.stdout.String(); !strings.Contains(out, " at "+base+"\n") || strings.Contains(out, "self-signed") {
		t.Errorf("stdout = %q, want the https URL and no word of a generated certificate", out)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	code, body, err := tlsGet(t, base+"/users", pool, nil)
	if err != nil {
		t.Fatalf("GET trusting the test CA: %v", err)
	}
	if code != 200 || body != `{"example": "a1"}` {
		t.Errorf("GET /users = %d %s, want the saved example", code, body)
	}
}

func TestAPICommandTLSGivesHTTPSMockURLs(t *testing.T) {
	certOut := filepath.Join(t.TempDir(), "api.pem")
	s := startServe(t, "api", "-api-key", "k", "-collection", worked, "-tls", "-cert-out", certOut)
	base := httpsBase(s)
	if out := s.stdout.String(); !strings.HasPrefix(out, "postmock: Postman API for mocks at "+base+" ") {
		t.Errorf("stdout = %q, want the https URL %s first", out, base)
	}
	pool := poolFromPEM(t, certOut)
	code, body, err := tlsGet(t, base+"/collections", pool, map[string]string{"X-Api-Key": "k"})
	if err != nil {
		t.Fatal(err)
	}
	uids := apiDecode(t, body)["collections"].([]any)
	if code != 200 || len(uids) != 1 {
		t.Fatalf("GET /collections = %d %s, want the preloaded collection", code, body)
	}
	collUID, _ := uids[0].(map[string]any)["uid"].(string)

	req, _ := http.NewRequest("POST", base+"/mocks", strings.NewReader(`{"mock":{"collection":"`+collUID+`"}}`))
	req.Header.Set("X-Api-Key", "k")
	tr := &http.Transport{DisableKeepAlives: true, TLSClientConfig: &tls.Config{RootCAs: pool}}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr, Timeout: hangGuard}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	mockURL := apiMember(apiDecode(t, string(raw)), "mock", "mockUrl")
	if !strings.HasPrefix(mockURL, base+"/") {
		t.Fatalf("mockUrl = %q, want it under %s", mockURL, base)
	}
	if code, body, err := tlsGet(t, mockURL+"/users", pool, nil); err != nil || code != 200 || body != `{"example": "a1"}` {
		t.Errorf("GET mockUrl/users = %d %s %v, want the saved example over https", code, body, err)
	}
}

func TestTLSFlagErrors(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, _ := writeCA(t, dir)
	otherDir := filepath.Join(dir, "other")
	if err := os.Mkdir(otherDir, 0o755); err != nil {
		t.Fatal(err)
	}
	_, otherKey, _ := writeCA(t, otherDir)

	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string
	}{
		{"-cert without -key", []string{"-c", worked, "-port", "0", "-cert", certFile}, 2, "postmock: -cert needs -key (the certificate's private key file) (see postmock -h)"},
		{"-key without -cert", []string{"api", "-api-key", "k", "-port", "0", "-key", keyFile}, 2, "postmock: -key needs -cert (the certificate file) (see postmock -h)"},
		{"-cert-out with -cert", []string{"-port", "0", "-cert", certFile, "-key", keyFile, "-cert-out", filepath.Join(dir, "x.pem")}, 2, "-cert-out writes the certificate -tls generates"},
		{"a key of another certificate", []string{"-c", worked, "-port", "0", "-cert", certFile, "-key", otherKey}, 1,
			"postmock: cannot use -cert " + certFile + " -key " + otherKey + ": tls: private key does not match public key"},
		{"a missing certificate file", []string{"-port", "0", "-cert", filepath.Join(dir, "nope.pem"), "-key", keyFile}, 1, "nope.pem: no such file or directory"},
		{"a key file given as certificate", []string{"-port", "0", "-cert", keyFile, "-key", keyFile}, 1, "postmock: cannot use -cert " + keyFile},
		{"-cert-out in a missing directory", []string{"-port", "0", "-tls", "-cert-out", filepath.Join(dir, "no", "x.pem")}, 1, "postmock: cannot write -cert-out: open "},
		{"-tls on routes", []string{"routes", "-tls"}, 2, "postmock: -tls is a flag of serve and api, not of routes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.wantCode, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing (nothing served)", stdout)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q, want one line containing %q", stderr, tt.want)
			}
		})
	}
}

func TestSelfSignedCertificateNamesLoopbackAndTheHost(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		host      string
		wantIPs   []string
		wantNames []string
	}{
		{"127.0.0.1", []string{"127.0.0.1", "::1"}, []string{"localhost"}},
		{"0.0.0.0", []string{"127.0.0.1", "::1"}, []string{"localhost"}},
		{"", []string{"127.0.0.1", "::1"}, []string{"localhost"}},
		{"192.168.1.5", []string{"127.0.0.1", "::1", "192.168.1.5"}, []string{"localhost"}},
		{"devbox.lan", []string{"127.0.0.1", "::1"}, []string{"localhost", "devbox.lan"}},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			pair, cert, err := selfSigned(tt.host, now)
			if err != nil {
				t.Fatal(err)
			}
			var ips []string
			for _, ip := range cert.IPAddresses {
				ips = append(ips, ip.String())
			}
			if !slices.Equal(ips, tt.wantIPs) || !slices.Equal(cert.DNSNames, tt.wantNames) {
				t.Errorf("names %v %v, want %v %v", ips, cert.DNSNames, tt.wantIPs, tt.wantNames)
			}
			if k, ok := cert.PublicKey.(*ecdsa.PublicKey); !ok || k.Curve != elliptic.P256() {
				t.Errorf("key %T, want ECDSA P-256", cert.PublicKey)
			}
			if !cert.NotBefore.Before(now) || !cert.NotAfter.Equal(now.Add(generatedCertLifetime).Truncate(time.Second)) {
				t.Errorf("valid %v to %v, want from before %v for %v", cert.NotBefore, cert.NotAfter, now, generatedCertLifetime)
			}
			// It verifies as its own root for server auth at the time given.
			pool := x509.NewCertPool()
			pool.AddCert(cert)
			if _, err := cert.Verify(x509.VerifyOptions{Roots: pool, CurrentTime: now, DNSName: "localhost"}); err != nil {
				t.Errorf("does not verify as its own root: %v", err)
			}
			if _, err := cert.Verify(x509.VerifyOptions{Roots: pool, CurrentTime: now.Add(generatedCertLifetime + time.Minute)}); err == nil {
				t.Error("still verifies after its lifetime")
			}
			if pair.Leaf != cert || len(pair.Certificate) != 1 {
				t.Errorf("tls.Certificate does not carry the certificate")
			}
		})
	}
}
