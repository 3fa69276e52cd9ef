package serverresponse_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/internal/apierr"
	"github.com/postmock/postmock/serverresponse"
)

func ptr[T any](v T) *T { return &v }

func TestParseFields(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want serverresponse.Fields
		kind error
	}{
		{"full", `{"serverResponse":{"name":"Down","statusCode":503,"headers":[{"key":"Retry-After","value":"30"}],"language":"json","body":"{}"}}`,
			serverresponse.Fields{Name: ptr("Down"), StatusCode: ptr(503), Headers: &[]serverresponse.Header{{Key: "Retry-After", Value: "30"}}, Language: ptr("json"), Body: ptr("{}")}, nil},
		{"subset", `{"serverResponse":{"statusCode":500}}`, serverresponse.Fields{StatusCode: ptr(500)}, nil},
		{"null language", `{"serverResponse":{"language":null}}`, serverresponse.Fields{Language: ptr("")}, nil},
		{"not JSON", `{"serverResponse":`, serverresponse.Fields{}, apierr.ErrMalformed},
		{"no envelope", `{"name":"x"}`, serverresponse.Fields{}, apierr.ErrMalformed},
		{"envelope not an object", `{"serverResponse":[1]}`, serverresponse.Fields{}, apierr.ErrMalformed},
		{"statusCode as a string", `{"serverResponse":{"statusCode":"500"}}`, serverresponse.Fields{}, apierr.ErrInvalidParams},
		{"statusCode fractional", `{"serverResponse":{"statusCode":500.5}}`, serverresponse.Fields{}, apierr.ErrInvalidParams},
		{"name a number", `{"serverResponse":{"name":5}}`, serverresponse.Fields{}, apierr.ErrInvalidParams},
		{"headers an object", `{"serverResponse":{"headers":{"a":"b"}}}`, serverresponse.Fields{}, apierr.ErrInvalidParams},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := serverresponse.ParseFields([]byte(tt.in))
			if tt.kind != nil {
				if !errors.Is(err, tt.kind) {
					t.Fatalf("err = %v, want %v", err, tt.kind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("fields (-want +got):\n%s", d)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		f      serverresponse.Fields
		create bool
		kind   error
		param  string
	}{
		{"create ok", serverresponse.Fields{Name: ptr("x"), StatusCode: ptr(500)}, true, nil, ""},
		{"create 599", serverresponse.Fields{Name: ptr("x"), StatusCode: ptr(599)}, true, nil, ""},
		{"missing name", serverresponse.Fields{StatusCode: ptr(500)}, true, apierr.ErrParamMissing, "name"},
		{"missing statusCode", serverresponse.Fields{Name: ptr("x")}, true, apierr.ErrParamMissing, "statusCode"},
		{"499", serverresponse.Fields{Name: ptr("x"), StatusCode: ptr(499)}, true, apierr.ErrInvalidParams, "statusCode"},
		{"600", serverresponse.Fields{Name: ptr("x"), StatusCode: ptr(600)}, true, apierr.ErrInvalidParams, "statusCode"},
		{"bad language", serverresponse.Fields{Name: ptr("x"), StatusCode: ptr(500), Language: ptr("yaml")}, true, apierr.ErrInvalidParams, "language"},
		{"update empty", serverresponse.Fields{}, false, apierr.ErrParamMissing, "serverResponse"},
		{"update blank name", serverresponse.Fields{Name: ptr(" ")}, false, apierr.ErrInvalidParams, "name"},
		{"update body only", serverresponse.Fields{Body: ptr("")}, false, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.f.Validate(tt.create)
			if tt.kind == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var e *apierr.Error
			if !errors.Is(err, tt.kind) || !errors.As(err, &e) || e.Status != 400 {
				t.Fatalf("err = %v, want a 400 %v", err, tt.kind)
			}
			if d := cmp.Diff(map[string]any{"param": []string{tt.param}}, e.Details); d != "" {
				t.Errorf("details (-want +got):\n%s", d)
			}
		})
	}
}

func TestContentTypeFromHeadersOrLanguage(t *testing.T) {
	for _, tc := range []struct {
		sr   serverresponse.ServerResponse
		want string
	}{
		{serverresponse.ServerResponse{Language: "json"}, "application/json; charset=utf-8"},
		{serverresponse.ServerResponse{Language: "xml"}, "application/xml; charset=utf-8"},
		{serverresponse.ServerResponse{}, "text/plain; charset=utf-8"},
		{serverresponse.ServerResponse{Language: "json", Headers: []serverresponse.Header{{Key: "content-type", Value: "text/csv"}}}, "text/csv"},
	} {
		if got := tc.sr.ContentType(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.sr, got, tc.want)
		}
	}
}

func ExampleParseFields() {
	f, err := serverresponse.ParseFields([]byte(`{"serverResponse":{"name":"Outage","statusCode":503,"language":"json","body":"{\"message\":\"down\"}"}}`))
	if err != nil {
		panic(err)
	}
	if err := f.Validate(true); err != nil {
		panic(err)
	}
	var sr serverresponse.ServerResponse
	f.Apply(&sr)
	sr.ID, sr.MockID = "965cdd16-fe22-4d96-a161-3d05490ac421", "32cd624d-9986-4f20-9048-89252f722269"
	sr.CreatedAt = time.Date(2022, 8, 2, 15, 8, 3, 0, time.UTC)
	sr.UpdatedAt = sr.CreatedAt
	b, _ := json.Marshal(sr)
	fmt.Println(string(b))

	_, err = serverresponse.ParseFields([]byte(`{"serverResponse":{"name":"x","statusCode":"500"}}`))
	fmt.Println(err)
	// Output:
	// {"id":"965cdd16-fe22-4d96-a161-3d05490ac421","name":"Outage","statusCode":503,"headers":[],"language":"json","body":"{\"message\":\"down\"}","createdBy":"","updatedBy":"","createdAt":"2022-08-02T15:08:03.000Z","updatedAt":"2022-08-02T15:08:03.000Z","mock":"32cd624d-9986-4f20-9048-89252f722269"}
	// invalidParamsError: statusCode must be an integer from 500 to 599, got "500".
}

func TestLanguagesReturnsACopy(t *testing.T) {
	got := serverresponse.Languages()
	if want := []string{"text", "javascript", "json", "html", "xml"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("Languages() = %q, want %q", got, want)
	}
	got[0] = "yaml" // a caller's change must not widen what Validate accepts
	if err := (serverresponse.Fields{Language: ptr("yaml")}).Validate(false); !errors.Is(err, apierr.ErrInvalidParams) {
		t.Errorf(`after changing the returned slice, language "yaml" validates: %v`, err)
	}
	if err := (serverresponse.Fields{Language: ptr("text")}).Validate(false); err != nil {
		t.Errorf(`after changing the returned slice, language "text" fails: %v`, err)
	}
	if serverresponse.Languages()[0] != "text" {
		t.Error("Languages() shares its slice with callers")
	}
}
