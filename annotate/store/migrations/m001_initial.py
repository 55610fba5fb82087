"""The first schema: articles, span layers per annotator, review progress, the decision log, user gazetteer."""
from __future__ import annotations

from sqlite_utils import Database

from annotate.store.migrations import migrations


@migrations()
def m001_initial(db: Database) -> None:
    """Articles, span layers per annotator, review progress and the decision log."""
    db.executescript(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            source_key TEXT NOT NULL,
            source TEXT NOT NULL,
            path TEXT,
            content_hash TEXT NOT NULL,
            text TEXT NOT NULL,
            title TEXT,
            url TEXT,
            ext_id TEXT,
            encoding TEXT,
            region_start INTEGER NOT NULL,
            region_end INTEGER NOT NULL,
            furniture TEXT NOT NULL DEFAULT '[]',
            superseded_by INTEGER REFERENCES articles(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (region_start >= 0 AND region_end >= region_start)
        );
        CREATE UNIQUE INDEX articles_content_hash ON articles(content_hash);
        CREATE INDEX articles_source_key ON articles(source_key);
        CREATE INDEX articles_current ON articles(superseded_by, id);

        CREATE TABLE spans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            attrs TEXT NOT NULL DEFAULT '{}',
            origin TEXT NOT NULL CHECK (origin IN ('model', 'gazetteer', 'rule', 'human')),
            status TEXT NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected', 'edited')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (start >= 0 AND "end" > start)
        );
        CREATE INDEX spans_layer ON spans(article_id, annotator, start);
        CREATE INDEX spans_annotator_status ON spans(annotator, status);

        CREATE TABLE reviews (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done')),
            assigned INTEGER NOT NULL DEFAULT 0,
            opened INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator)
        );
        CREATE INDEX reviews_annotator ON reviews(annotator, status);

        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            action TEXT NOT NULL,
            payload TEXT NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0,
            at TEXT NOT NULL
        );
        CREATE INDEX decisions_history ON decisions(article_id, annotator, undone, id);

        CREATE TABLE gazetteer_entries (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL DEFAULT 'places',
            name TEXT NOT NULL,
            canonical TEXT NOT NULL,
            country TEXT,
            level TEXT,
            parent TEXT,
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL,
            UNIQUE (kind, name, canonical)
        );
        """
    )
