-- Tables of the PostgreSQL sink (--db). Safe to run again: every statement is
-- IF NOT EXISTS, so a worker applies it on start and an existing database is
-- left as it is. The columns follow schemas/event.avsc and
-- schemas/window_count.avsc.

-- One row per event, keyed by its deterministic event_id: a rerun or a retried
-- bundle rewrites the same row instead of adding one.
CREATE TABLE IF NOT EXISTS events (
    event_id          text PRIMARY KEY,
    article_id        text NOT NULL,
    source            text,
    url               text,
    published         timestamptz NOT NULL,
    event_type        text NOT NULL CHECK (event_type IN ('CONDEMNATION', 'LAUNCH')),
    modality          text NOT NULL CHECK (modality IN ('ASSERTED', 'NEGATED', 'REQUESTED', 'THREATENED',
                                                        'FUTURE', 'HYPOTHETICAL', 'DENIED', 'OTHER')),
    actor_code        text,
    actor_text        text,
    target_code       text,
    target_text       text,
    projectile        text,
    -- Provenance: the trigger as written, its offsets into the article text
    -- (text[trigger_start:trigger_end] = trigger), the sentence, the extractor.
    trigger           text NOT NULL,
    trigger_start     integer NOT NULL CHECK (trigger_start >= 0),
    trigger_end       integer NOT NULL,
    sentence          text NOT NULL,
    sentence_index    integer NOT NULL CHECK (sentence_index >= 0),
    event_date        date,
    cameo_code        text,
    plover            text,
    mentions          integer NOT NULL DEFAULT 1 CHECK (mentions >= 1),
    time_note         text,
    extractor_version text NOT NULL,
    CONSTRAINT events_trigger_span CHECK (trigger_end > trigger_start)
);

CREATE INDEX IF NOT EXISTS events_published_idx ON events (published);
CREATE INDEX IF NOT EXISTS events_type_published_idx ON events (event_type, published);
CREATE INDEX IF NOT EXISTS events_article_idx ON events (article_id);

-- ASSERTED events per event-time window, type, actor and target. A later pane
-- of a streaming window replaces the earlier one; is_final says whether a
-- later pane may still come.
CREATE TABLE IF NOT EXISTS window_counts (
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    event_type   text NOT NULL CHECK (event_type IN ('CONDEMNATION', 'LAUNCH')),
    actor_code   text CHECK (actor_code <> ''),
    target_code  text CHECK (target_code <> ''),
    events       integer NOT NULL CHECK (events >= 0),
    articles     integer NOT NULL CHECK (articles >= 0),
    sources      integer NOT NULL CHECK (sources >= 0),
    is_final     boolean NOT NULL DEFAULT true,
    pane_index   integer NOT NULL DEFAULT 0 CHECK (pane_index >= 0),
    CONSTRAINT window_counts_window CHECK (window_end > window_start)
);

-- The key of a count. An unknown actor or target is NULL, and two NULLs must
-- be the same key, so the index is over COALESCE(code, ''); the CHECKs above
-- keep '' free for that. (An expression index works on every supported PostgreSQL;
-- NULLS NOT DISTINCT would need 15 or later.)
CREATE UNIQUE INDEX IF NOT EXISTS window_counts_key ON window_counts
    (window_start, window_end, event_type, COALESCE(actor_code, ''), COALESCE(target_code, ''));
CREATE INDEX IF NOT EXISTS window_counts_type_start_idx ON window_counts (event_type, window_start);
