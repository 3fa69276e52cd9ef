package contracttest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// Book is what the bookshop serves.
type Book struct {
	ISBN    string   `json:"isbn"`
	Title   string   `json:"title"`
	Authors []string `json:"authors"`
	Pages   int      `json:"pages"`
	InStock bool     `json:"inStock"`
}

// Service is the bookshop API under /api: GET /api/books, GET
// /api/books/{isbn}. Drifted makes it answer as a careless refactoring
// would: page counts as strings, inStock gone, 410 for unknown books.
type Service struct {
	Books   []Book
	Drifted bool
}

func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	path := strings.TrimPrefix(r.URL.Path, "/api")
	switch {
	case r.Method == http.MethodGet && path == "/books":
		list := make([]any, 0, len(s.Books))
		for _, b := range s.Books {
			list = append(list, s.encode(b))
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"books": list, "next": "c2"})
	case r.Method == http.MethodGet && strings.HasPrefix(path, "/books/"):
		isbn := strings.TrimPrefix(path, "/books/")
		for _, b := range s.Books {
			if b.ISBN == isbn {
				_ = json.NewEncoder(w).Encode(s.encode(b))
				return
			}
		}
		if s.Drifted {
			w.WriteHeader(http.StatusGone)
		} else {
			w.WriteHeader(http.StatusNotFound)
		}
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "no such book"})
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

func (s *Service) encode(b Book) any {
	if !s.Drifted {
		return b
	}
	return map[string]any{"isbn": b.ISBN, "title": b.Title, "authors": b.Authors, "pages": strconv.Itoa(b.Pages)}
}
