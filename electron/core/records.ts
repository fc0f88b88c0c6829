// Plain result types shared with the renderer; kept free of Node imports so the web side can compile them.

/** A backup file beside the store. */
export type BackupInfo = { name: string; path: string; createdAt: string; bytes: number };

/** A prior version of a note's title, body and tags. */
export type Revision = { rev: number; savedAt: string; title: string; body: string; tags: string[] };

/** One piece of a line diff. */
export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };
