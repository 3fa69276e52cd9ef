package calllog

import (
	"sync"
	"time"
	"unsafe"

	"github.com/rs/xid"
)

// idsPerChunk is how many entry ids share one allocation. An id keeps its
// whole chunk alive, so a chunk is small: at worst (one entry of each chunk
// still stored) it costs 320 bytes per entry, less than an entry's own
// overhead, while appends make one allocation for 16 ids instead of one each.
const idsPerChunk = 16

// idLen is the length of an xid's text.
const idLen = 20

// idChunk is a buffer that ids are written into once, front to back; a
// written id is never written again, which is what lets it be a string
// without a copy.
type idChunk struct {
	b   [idsPerChunk * idLen]byte
	off int
}

// idChunks holds partly used chunks, one per P in the common case, so that
// concurrent appends neither lock nor share a chunk.
var idChunks sync.Pool

// newID returns the text of a new xid derived from t, the same string
// xid.NewWithTime(t).String() returns.
func newID(t time.Time) string {
	c, _ := idChunks.Get().(*idChunk)
	if c == nil || c.off == len(c.b) {
		c = new(idChunk)
	}
	dst := c.b[c.off : c.off+idLen]
	xid.NewWithTime(t).Encode(dst)
	c.off += idLen
	idChunks.Put(c)
	return unsafe.String(&dst[0], idLen)
}
