"""Context: what sits between boilerplate is boilerplate."""

from __future__ import annotations

from cleaner.document import Document, Found


def trailing_boilerplate(
    doc: Document, *, body_words: int = 30, min_removed_share: float = 0.5, max_words: int = 40
) -> Found:
    """After the last long body paragraph, where most lines were already removed (teasers,
    time stamps, footers), the unpunctuated lines left over are part of the same footer:
    teaser headlines, captions, truncated excerpts. Sentences stay."""
    segments = doc.segments
    last = max(
        (i for i, s in enumerate(segments) if s.kept and s.is_sentence and s.words >= body_words),
        default=None,
    )
    if last is None:
        return
    tail = segments[last + 1 :]
    if not tail or sum(not s.kept for s in tail) < min_removed_share * len(tail):
        return
    for i, segment in enumerate(tail, start=last + 1):
        if segment.kept and not segment.is_sentence and segment.words <= max_words:
            yield i, f"footer after line {segments[last].line}"


def between_boilerplate(doc: Document, *, max_words: int = 25) -> Found:
    """A short unpunctuated line whose neighbours both went (or that ends the page after
    removed lines) is part of the same boilerplate: a headline among time stamps, a label
    between menus. Repeated until nothing changes; the title is never taken."""
    segments = doc.segments
    removed = {i for i, s in enumerate(segments) if not s.kept}
    protected = doc.title_index()
    changed = True
    while changed:
        changed = False
        for i, segment in enumerate(segments):
            if i in removed or i == protected or segment.is_sentence:
                continue
            if segment.words > max_words or i == 0 or i - 1 not in removed:
                continue
            if i + 1 == len(segments) or i + 1 in removed:
                removed.add(i)
                changed = True
                yield i, ""


def outside_main_text(doc: Document, *, gap: int = 6, min_share: float = 0.25) -> Found:
    """The article is the heaviest cluster of body paragraphs: body paragraphs with fewer than
    `gap` other lines between them belong together. Text outside the clusters that weigh at
    least `min_share` of the heaviest (teaser excerpts, author boxes, site blurbs) goes. The
    title stays."""
    segments = doc.segments
    clusters: list[list[int]] = []  # [first index, last index, words]
    since = gap
    for i, segment in enumerate(segments):
        if segment.kept and segment.is_body:
            if since >= gap or not clusters:
                clusters.append([i, i, 0])
            clusters[-1][1] = i
            clusters[-1][2] += segment.words
            since = 0
        else:
            since += 1
    if len(clusters) < 2:
        return
    heaviest = max(words for _, _, words in clusters)
    major = [(a, b) for a, b, words in clusters if words >= min_share * heaviest]
    first, last = major[0][0], major[-1][1]
    # Lines that run on from the article with nothing removed in between belong to it: a
    # list under the last paragraph, a standfirst above the first.
    end, start = min(last + gap, len(segments) - 1), max(first - gap, 0)
    while last < end and segments[last + 1].kept and not segments[last + 1].is_body:
        last += 1
    while first > start and segments[first - 1].kept and not segments[first - 1].is_body:
        first -= 1
    protected = doc.title_index()
    for i, segment in enumerate(segments):
        if segment.kept and i != protected and (i < first or i > last):
            yield i, "outside the article's text"
