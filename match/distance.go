package match

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sort"
	"sync"
)

// Step 8, document distance, walks the trie of distinct example paths
// (trieW) depth first, visiting at each node the children that can match
// the request segment: equal ignoring case, a wildcard match, or similar
// (edit distance at most a quarter of the longer side). At a node with more
// than manyKids children only children whose length is within a quarter of
// the request segment's are tried, shortest length first (then wildcard
// children of other lengths). Each child that passes mayBeSimilar costs one
// unit of the per-call budget (the distance cap); once it is spent the walk
// stops in that node. That walk, distWalk, defines the step.
//
// Trying every child of the right length is what made the step grow with
// the collection. distFast visits the same children in the same order but
// skips, mostly without reading them, the children that can be neither
// equal, a wildcard nor similar, and keeps in distWalker.used an upper
// bound on the budget distWalk would spend. While the bound stays within
// the cap, distWalk would never stop, so both consider the same candidates
// in the same order; once the bound passes it, distanceStep forgets what
// distFast considered and runs distWalk: the cap keeps its exact meaning.
//
// At a node with many children distFast either looks the children up in
// posting lists (lookupKids) and charges a bound on what distWalk would
// spend there (bound), or, when the lists would cost more than a scan or
// the bound does not fit, scans the children's compact masks (scanKids),
// counting exactly.
//
// The look-up rests on pigeonhole bounds over code points (folded runes).
// If lev(a, b) ≤ k, each edit spoils at most two bigram positions of either
// string, so b lacks at most 2k of a's distinct bigrams and any 2k+1 of
// them include one b has; and mayBeSimilar demands that b lack at most k of
// a's rune bits, so any k+1 of them include one b has. Hashing bigrams into
// slots keeps these bounds (a missing slot implies a missing bigram). So
// the posting lists of the request segment's 2k+1 rarest bigrams (or k+1
// rarest bits) hold every child that can be similar, and a 256-bit bigram
// set per child drops most of them before the exact tests. A request
// segment unlike the examples shares few bigrams with them, so its lists
// stay short whatever the collection's size.

// manyKids is the number of children past which the distance walk visits
// only the length runs that can hold similar segments.
const manyKids = 16

const (
	// indexKids is the number of children from which a node builds posting
	// lists; below it scanning the length range is as fast.
	indexKids = 128
	// scanKids: a length range of at most this many children is scanned.
	scanKids = 64
	// gramBits sizes the table of hashed bigram slots (4096 slots).
	gramBits = 12
)

// kidIndex orders a node's children for the distance walk and, for nodes
// with indexKids children or more, indexes them by rune bit and bigram. It
// is built on the first distance walk through the node (most nodes never
// see one), under once, and is read-only afterwards.
type kidIndex struct {
	once   sync.Once
	sorted []*node     // children by (length in code points, document order)
	masks  []uint64    // sorted[i].seg.mask
	grams  []gramSet   // sorted[i].seg.gmask
	runs   []lenRun    // one per distinct length, ascending, then a sentinel
	rank   []int32     // child ord → position in sorted
	bitOff []int32     // bit b's positions are bitPost[bitOff[b]:bitOff[b+1]]
	bitPos []int32     //
	grOff  []int32     // bigram slot g's positions are grPos[grOff[g]:grOff[g+1]]
	grPos  []int32     //
	runBit [][64]int32 // runBit[i][b]: children of run i whose mask has bit b
}

// lenRun is a run of sorted children of one length.
type lenRun struct{ n, start int }

// index returns the node's kidIndex, building it if needed.
func (n *node) index() *kidIndex {
	kx := n.kx
	kx.once.Do(func() { kx.build(n) })
	return kx
}

func (kx *kidIndex) build(n *node) {
	kids := make([]*node, 0, n.nkids)
	for k := n.first; k != nil; k = k.next {
		kids = append(kids, k)
	}
	slices.SortStableFunc(kids, func(a, b *node) int { return cmp.Compare(a.seg.n, b.seg.n) })
	kx.sorted = kids
	kx.masks = make([]uint64, len(kids))
	kx.grams = make([]gramSet, len(kids))
	kx.rank = make([]int32, len(kids))
	for i, k := range kids {
		kx.masks[i] = k.seg.mask
		kx.grams[i] = k.seg.gmask
		kx.rank[k.ord] = int32(i)
		if i == 0 || k.seg.n != kids[i-1].seg.n {
			kx.runs = append(kx.runs, lenRun{k.seg.n, i})
		}
	}
	kx.runs = append(kx.runs, lenRun{math.MaxInt, len(kids)})
	if len(kids) < indexKids {
		return
	}
	kx.runBit = make([][64]int32, len(kx.runs)-1)
	kx.bitOff = make([]int32, 65)
	for ri := range kx.runBit {
		for _, m := range kx.masks[kx.runs[ri].start:kx.runs[ri+1].start] {
			for b := m; b != 0; b &= b - 1 {
				kx.runBit[ri][bits.TrailingZeros64(b)]++
			}
		}
		for b, c := range kx.runBit[ri] {
			kx.bitOff[b+1] += c
		}
	}
	for b := range 64 {
		kx.bitOff[b+1] += kx.bitOff[b]
	}
	kx.bitPos = make([]int32, kx.bitOff[64])
	fill := slices.Clone(kx.bitOff[:64])
	for i, m := range kx.masks {
		for b := m; b != 0; b &= b - 1 {
			t := bits.TrailingZeros64(b)
			kx.bitPos[fill[t]] = int32(i)
			fill[t]++
		}
	}
	// Bigram slots: each child's distinct slots, counted then placed.
	var slots []uint32
	var ends []int
	for _, k := range kids {
		from := len(slots)
		slots = appendGrams(slots, k.seg.text)
		s := slots[from:]
		slices.Sort(s)
		slots = slots[:from+len(slices.Compact(s))]
		ends = append(ends, len(slots))
	}
	kx.grOff = make([]int32, 1<<gramBits+1)
	for _, g := range slots {
		kx.grOff[g+1]++
	}
	for g := range 1 << gramBits {
		kx.grOff[g+1] += kx.grOff[g]
	}
	kx.grPos = make([]int32, len(slots))
	gfill := slices.Clone(kx.grOff[:1<<gramBits])
	from := 0
	for i, end := range ends {
		for _, g := range slots[from:end] {
			kx.grPos[gfill[g]] = int32(i)
			gfill[g]++
		}
		from = end
	}
}

// gramSlot hashes a bigram of code points into one of 1<<gramBits slots.
func gramSlot(a, b rune) uint32 {
	return uint32((uint64(uint32(a))<<32 | uint64(uint32(b))) * 0x9e3779b97f4a7c15 >> (64 - gramBits))
}

// appendGrams appends the bigram slots of s (repeats included).
func appendGrams(dst []uint32, s string) []uint32 {
	prev, first := rune(0), true
	for _, r := range s {
		if !first {
			dst = append(dst, gramSlot(prev, r))
		}
		prev, first = r, false
	}
	return dst
}

// runsFor returns the runs [i, j) whose lengths lie in [lo, hi].
func (kx *kidIndex) runsFor(lo, hi int) (i, j int) {
	i = sort.Search(len(kx.runs), func(x int) bool { return kx.runs[x].n >= lo })
	j = i + sort.Search(len(kx.runs)-i, func(x int) bool { return kx.runs[i+x].n > hi })
	return i, j
}

// lengthRange is the range of child lengths that can be similar to a
// request segment of l code points (4·|l−n| ≤ max(l, n)).
func lengthRange(l int) (lo, hi int) { return (3*l + 3) / 4, 4 * l / 3 }

// distWalker is the state of one distance step; it lives on the stack of
// the Match call that runs the step (most calls never do).
type distWalker struct {
	c     *call
	dsegs []foldedSeg // folded request segments
	runes []rune      // their code points, one after the other
	ends  []int       // dsegs[i]'s code points are runes[ends[i]-dsegs[i].n:ends[i]]
	used  int         // distFast: bound on the budget the capped walk would spend
}

// similar is k.seg.similarTo(request segment depth), by Myers' bit-parallel
// edit distance for request segments of up to 64 code points (the pattern
// is rebuilt when the depth changes, which costs less than a table per
// depth).
func (w *distWalker) similar(k *node, depth int) (int, bool) {
	r := &w.dsegs[depth]
	m := max(k.seg.n, r.n)
	if r.n == 0 || r.n > 64 || m > maxLevRunes {
		return k.seg.similarTo(r, w.segRunes(depth))
	}
	if gramsApart(&k.seg.gmask, &r.gmask, m/4) {
		return 0, false
	}
	// The pattern lives in the call, not in w: a pointer field of w that
	// reached the pool would take w's buffers off the stack.
	c, rs := w.c, w.segRunes(depth)
	if c.pat == nil {
		c.pat = myersPool.Get().(*myersPattern)
		c.pat.use(rs)
		c.patAt = depth
	} else if c.patAt != depth {
		c.pat.use(rs)
		c.patAt = depth
	}
	return c.pat.within(rs, k.seg.text, k.seg.n, m/4)
}

// segRunes returns the code points of request segment i.
func (w *distWalker) segRunes(i int) []rune {
	return w.runes[w.ends[i]-w.dsegs[i].n : w.ends[i]]
}

// distanceStep runs step 8 from the root of the wildcard trie. (The
// buffers are locals rather than distWalker fields, and hold no pointers
// to each other, so that escape analysis keeps them on the stack.)
func distanceStep(c *call, root *node) {
	var (
		segBuf  [4]foldedSeg
		runeBuf [64]rune
		endBuf  [4]int
		saveBuf [4]scored
	)
	w := distWalker{c: c, dsegs: segBuf[:0], runes: runeBuf[:0], ends: endBuf[:0]}
	for _, s := range c.tsegs {
		f := newFoldedSeg(foldKey(s))
		w.dsegs = append(w.dsegs, f)
		w.runes = appendRunes(w.runes, f.text)
		w.ends = append(w.ends, len(w.runes))
	}
	best, saved := c.best, append(saveBuf[:0], c.tied...)
	if !w.distFast(root, 0, 0) {
		// The bound passed the cap: forget what distFast considered and let
		// the capped walk decide.
		c.best, c.tied = best, append(c.tied[:0], saved...)
		budget := c.ix.distCap
		w.distWalk(root, 0, 0, &budget)
	}
	if c.pat != nil {
		myersPool.Put(c.pat)
		c.pat = nil
	}
}

// distWalk is the capped distance walk over the trie: a segment pair is
// equal ignoring case, a wildcard match, or similar enough (each similar
// pair adds its edit distance). Candidates that also matched an earlier
// step are considered again here with a lower score, which consider
// rejects.
func (w *distWalker) distWalk(n *node, depth, dist int, budget *int) {
	if depth == len(w.c.tsegs) {
		for cd := n.cands.first; cd != nil; cd = cd.next[linkW] {
			w.c.consider(cd, StepDistance, dist)
		}
		return
	}
	if n.nkids > manyKids {
		kx := n.index()
		r := &w.dsegs[depth]
		lo, hi := lengthRange(r.n)
		i, j := kx.runsFor(lo, hi)
		for _, k := range kx.sorted[kx.runs[i].start:kx.runs[j].start] {
			if !w.distKid(k, depth, dist, budget) {
				return
			}
		}
		if !w.c.cfg.IgnoreWildcards {
			for _, k := range n.wild {
				if k.seg.n < lo || k.seg.n > hi {
					if k.seg.text != r.text && k.pat.match(w.c.tsegs[depth], nil) {
						w.distWalk(k, depth+1, dist, budget)
					}
				}
			}
		}
		return
	}
	for k := n.first; k != nil; k = k.next {
		if !w.distKid(k, depth, dist, budget) {
			return
		}
	}
}

// distKid tries one child for distWalk; it reports false once the budget
// is spent.
func (w *distWalker) distKid(k *node, depth, dist int, budget *int) bool {
	r := &w.dsegs[depth]
	d := 0
	switch {
	case k.seg.text == r.text:
	case !w.c.cfg.IgnoreWildcards && k.pat != nil && k.pat.match(w.c.tsegs[depth], nil):
	default:
		if !k.seg.mayBeSimilar(r) {
			return true
		}
		if *budget <= 0 {
			return false
		}
		*budget--
		var ok bool
		if d, ok = w.similar(k, depth); !ok {
			return true
		}
	}
	w.distWalk(k, depth+1, dist+d, budget)
	return true
}

// distFast is distWalk without the cap, visiting the same children in the
// same order but finding them through the kidIndex; w.used bounds what the
// capped walk would have spent. It reports false as soon as the bound
// passes the cap.
func (w *distWalker) distFast(n *node, depth, dist int) bool {
	if depth == len(w.c.tsegs) {
		for cd := n.cands.first; cd != nil; cd = cd.next[linkW] {
			w.c.consider(cd, StepDistance, dist)
		}
		return true
	}
	if n.nkids > manyKids {
		return w.distFastMany(n, depth, dist)
	}
	for k := n.first; k != nil; k = k.next {
		if !w.fastKid(k, depth, dist, true) {
			return false
		}
	}
	return true
}

// distFastMany is distFast at a node with more than manyKids children.
func (w *distWalker) distFastMany(n *node, depth, dist int) bool {
	kx := n.index()
	r := &w.dsegs[depth]
	lo, hi := lengthRange(r.n)
	i, j := kx.runsFor(lo, hi)
	var buf [32]int32
	var ev []int32
	spend, ok := w.bound(kx, depth, i, j)
	if ok {
		ev, ok = w.lookupKids(n, kx, depth, i, j, buf[:0])
	}
	if ok {
		w.used += spend
		for _, p := range ev {
			if !w.fastKid(kx.sorted[p], depth, dist, false) {
				return false
			}
		}
	} else if !w.scanKids(n, kx, depth, dist, i, j) {
		return false
	}
	if !w.c.cfg.IgnoreWildcards {
		for _, k := range n.wild {
			if k.seg.n < lo || k.seg.n > hi {
				if k.seg.text != r.text && k.pat.match(w.c.tsegs[depth], nil) {
					if !w.distFast(k, depth+1, dist) {
						return false
					}
				}
			}
		}
	}
	return true
}

// scanKids runs the children of runs [i, j) in order, counting those that
// pass mayBeSimilar, from the compact arrays: for lengths in range the mask
// test is mayBeSimilar itself, a child failing it can only matter as a
// wildcard (wildcard children are exactly those in n.wild), and a child
// passing it is the equal child only if its mask is the request's. Most
// children are thus dealt with without reading their nodes.
func (w *distWalker) scanKids(n *node, kx *kidIndex, depth, dist, i, j int) bool {
	r := &w.dsegs[depth]
	var wbuf [16]int32
	wild := wbuf[:0]
	if !w.c.cfg.IgnoreWildcards {
		lo, hi := lengthRange(r.n)
		for _, k := range n.wild {
			if k.seg.n >= lo && k.seg.n <= hi {
				wild = append(wild, kx.rank[k.ord])
			}
		}
		slices.Sort(wild)
	}
	wi, nw := 0, math.MaxInt // next wildcard position
	if len(wild) > 0 {
		nw = int(wild[0])
	}
	rm, budget := r.mask, w.c.ix.distCap
	for ri := i; ri < j; ri++ {
		s := kx.runs[ri].start
		masks := kx.masks[s:kx.runs[ri+1].start]
		m := max(r.n, kx.runs[ri].n)
		k, all, same := m/4, m == 0 || m > maxLevRunes, kx.runs[ri].n == r.n
		for q := 0; ; q++ {
			if !all {
				q = nextSimilarMask(masks, q, rm, k)
			}
			if nw < s+q {
				q = nw - s
			}
			if q >= len(masks) {
				break
			}
			count := true
			switch p := s + q; {
			case p == nw:
				if wi++; wi < len(wild) {
					nw = int(wild[wi])
				} else {
					nw = math.MaxInt
				}
			case all:
			case masks[q] != rm || !same:
				// Neither equal nor a wildcard: it costs one unit and goes
				// on only if similar.
				if w.used++; w.used > budget {
					return false
				}
				if gramsApart(&kx.grams[p], &r.gmask, k) {
					continue
				}
				count = false
			}
			if !w.fastKid(kx.sorted[s+q], depth, dist, count) {
				return false
			}
		}
	}
	return true
}

// nextSimilarMask returns the index of the first of masks[from:] within the
// mayBeSimilar mask bounds of rm for k, or len(masks). (A loop of its own,
// so that it runs in registers.)
func nextSimilarMask(masks []uint64, from int, rm uint64, k int) int {
	for q := from; q < len(masks); q++ {
		// The two counts sum to the symmetric difference, whose one count
		// rejects most masks.
		if x := masks[q]; bits.OnesCount64(x^rm) <= 2*k &&
			bits.OnesCount64(x&^rm) <= k && bits.OnesCount64(rm&^x) <= k {
			return q
		}
	}
	return len(masks)
}

// fastKid is distKid for distFast. With count, a child passing
// mayBeSimilar adds one to w.used; without, the caller has charged it.
func (w *distWalker) fastKid(k *node, depth, dist int, count bool) bool {
	r := &w.dsegs[depth]
	d := 0
	switch {
	case k.seg.text == r.text:
	case !w.c.cfg.IgnoreWildcards && k.pat != nil && k.pat.match(w.c.tsegs[depth], nil):
	default:
		if !k.seg.mayBeSimilar(r) {
			return true
		}
		if count {
			if w.used++; w.used > w.c.ix.distCap {
				return false
			}
		}
		var ok bool
		if d, ok = w.similar(k, depth); !ok {
			return true
		}
	}
	return w.distFast(k, depth+1, dist+d)
}

// lookupKids returns, sorted, the positions in kx.sorted of every child in
// runs [i, j) that distWalk could descend into: the equal child, wildcard
// children, and a superset of the similar ones from the posting lists. It
// reports false when scanning the range is cheaper (or the bounds give no
// superset).
func (w *distWalker) lookupKids(n *node, kx *kidIndex, depth, i, j int, ev []int32) ([]int32, bool) {
	s, e := kx.runs[i].start, kx.runs[j].start
	if kx.grOff == nil || e-s <= scanKids {
		return nil, false
	}
	r := &w.dsegs[depth]
	if r.n == 0 || r.n > maxLevRunes {
		// Nothing to look up (an empty segment: one run), or no child can
		// be similar (too long): the range only holds equal and wildcard
		// children, found by a scan.
		return nil, false
	}
	// The equal child, if any, holds every bigram and bit of the request
	// segment, so the lists below find it. Wildcard children may not.
	if !w.c.cfg.IgnoreWildcards {
		lo, hi := lengthRange(r.n)
		for _, k := range n.wild {
			if k.seg.n >= lo && k.seg.n <= hi {
				ev = append(ev, kx.rank[k.ord])
			}
		}
	}
	// The request's distinct bigram slots, rarest first: list length in the
	// high half, slot in the low half. Its rune bits likewise, but only when
	// some run needs them.
	{
		var gbuf [64]uint64
		grams := gbuf[:0]
		prev, first := rune(0), true
		for _, x := range r.text {
			if !first {
				g := gramSlot(prev, x)
				grams = append(grams, uint64(kx.grOff[g+1]-kx.grOff[g])<<32|uint64(g))
			}
			prev, first = x, false
		}
		slices.Sort(grams)
		grams = slices.Compact(grams)
		var bbuf [64]uint64
		var rbits []uint64
		// Reading a list entry and testing its bigrams costs somewhat more
		// than scanning a child's mask, but saves the scan's work on the
		// children that pass the masks; past this many entries, scan.
		work, limit := 0, (e-s)*3/4
		// Runs sharing one k = max(l, n)/4 are looked up together.
		for g := i; g < j && kx.runs[g].n <= maxLevRunes; {
			k := max(r.n, kx.runs[g].n) / 4
			h := g + 1
			for h < j && kx.runs[h].n <= maxLevRunes && max(r.n, kx.runs[h].n)/4 == k {
				h++
			}
			var lists []uint64 // rarest first
			var off, pos []int32
			if len(grams) >= 2*k+1 && listCost(grams[:2*k+1]) <= limit-work {
				lists, off, pos = grams[:2*k+1], kx.grOff, kx.grPos
			} else {
				if rbits == nil {
					rbits = bbuf[:0]
					for b := r.mask; b != 0; b &= b - 1 {
						x := bits.TrailingZeros64(b)
						rbits = append(rbits, uint64(kx.bitOff[x+1]-kx.bitOff[x])<<32|uint64(x))
					}
					slices.Sort(rbits)
				}
				if len(rbits) < k+1 {
					return nil, false
				}
				lists, off, pos = rbits[:k+1], kx.bitOff, kx.bitPos
			}
			gs, ge := int32(kx.runs[g].start), int32(kx.runs[h].start)
			for _, x := range lists {
				x := uint32(x)
				in := inRange(pos[off[x]:off[x+1]], gs, ge)
				if work += len(in); work > limit {
					return nil, false
				}
				// Keep only children whose bigrams allow k edits.
				for _, p := range in {
					if !gramsApart(&kx.grams[p], &r.gmask, k) {
						ev = append(ev, p)
					}
				}
			}
			g = h
		}
	}
	slices.Sort(ev)
	return slices.Compact(ev), true
}

// listCost sums the list lengths held in the high halves of keys.
func listCost(keys []uint64) int {
	n := 0
	for _, x := range keys {
		n += int(x >> 32)
	}
	return n
}

// inRange returns the part of the sorted list p that lies in [s, e).
func inRange(p []int32, s, e int32) []int32 {
	if len(p) == 0 || p[0] >= s && p[len(p)-1] < e {
		return p
	}
	a, _ := slices.BinarySearch(p, s)
	b, _ := slices.BinarySearch(p[a:], e)
	return p[a : a+b]
}

// bound returns an upper bound on the children of runs [i, j) that pass
// mayBeSimilar (what the capped walk would spend at this node): their
// number; when that would pass the cap, counting bounds per run (runBound);
// when those would, exact counts of the runs with the largest bounds until
// the rest fits. ok is false when even that passes the cap; scanKids then
// walks the range, counting as it goes.
func (w *distWalker) bound(kx *kidIndex, depth, i, j int) (int, bool) {
	r := &w.dsegs[depth]
	h := i
	for h < j && kx.runs[h].n <= maxLevRunes {
		h++
	}
	budget := w.c.ix.distCap - w.used
	n := kx.runs[h].start - kx.runs[i].start
	if n <= budget || kx.runBit == nil {
		return n, n <= budget
	}
	var buf [32]int
	per := buf[:0]
	n = 0
	for ri := i; ri < h; ri++ {
		b := kx.runBound(r, ri)
		per = append(per, b)
		n += b
	}
	for n > budget {
		top := -1
		for x, b := range per {
			if b >= 0 && (top < 0 || b > per[top]) {
				top = x
			}
		}
		if top < 0 {
			break
		}
		n += kx.countRun(r, i+top) - per[top]
		per[top] = -1 // counted
	}
	return n, n <= budget
}

// runBound bounds the children of run ri passing mayBeSimilar(r) by
// counting over r's rune bits: such a child lacks at most k of them, so it
// holds at least j−k of any j; with c the run's counts of children holding
// each bit, rarest first, the children passing number at most
// (c1+…+cj)/(j−k) for every j > k (j = k+1 is the pigeonhole bound).
func (kx *kidIndex) runBound(r *foldedSeg, ri int) int {
	size := kx.runs[ri+1].start - kx.runs[ri].start
	k := max(r.n, kx.runs[ri].n) / 4
	nb := bits.OnesCount64(r.mask)
	if nb <= k {
		return size
	}
	counts := &kx.runBit[ri]
	var cbuf [64]int32
	c, sum := cbuf[:0], 0
	for b := r.mask; b != 0; b &= b - 1 {
		x := counts[bits.TrailingZeros64(b)]
		c = append(c, x)
		sum += int(x)
	}
	best := min(size, sum/(nb-k))
	slices.Sort(c)
	sum = 0
	for j, x := range c[:nb-1] {
		sum += int(x)
		if j+1 > k {
			best = min(best, sum/(j+1-k))
		}
	}
	return best
}

// countRun counts the children of run ri passing mayBeSimilar(r).
func (kx *kidIndex) countRun(r *foldedSeg, ri int) int {
	masks := kx.masks[kx.runs[ri].start:kx.runs[ri+1].start]
	m := max(r.n, kx.runs[ri].n)
	switch {
	case m == 0:
		return len(masks)
	case m > maxLevRunes:
		return 0
	}
	n := 0
	for q := 0; ; q++ {
		if q = nextSimilarMask(masks, q, r.mask, m/4); q >= len(masks) {
			return n
		}
		n++
	}
}
