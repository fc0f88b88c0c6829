import { useMemo } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useClient } from '../../api/client-context';
import type { DossierClient } from '../../api/client';
import type { EmbeddedNote, RenderEnv } from '../../lib/markdown';
import { MAX_EMBED_DEPTH, embedTargets, linkTargets, splitWikiTarget } from '../../lib/obsidian-markdown';
import type { LinkState } from '../preview/MarkdownPreview';

/** Query keys of link data; every note change invalidates them all (see invalidateAfterNoteChange). */
export const linkKeys = {
  all: ['links'] as const,
  resolve: (fromId: string, target: string) => ['links', 'resolve', fromId, target] as const,
  embeds: (fromId: string, targets: string) => ['links', 'embeds', fromId, targets] as const,
  backlinks: (id: string) => ['links', 'backlinks', id] as const,
  mentions: (id: string) => ['links', 'mentions', id] as const,
};

/**
 * Where each link target of a body goes (resolved, ambiguous, unresolved, file), asked of the core per
 * distinct target as typed, so the preview marks links while the text is still unsaved.
 */
export function useLinkStates(fromId: string, body: string): ReadonlyMap<string, LinkState> {
  const client = useClient();
  const targets = useMemo(() => linkTargets(body).slice(0, 200), [body]);
  const results = useQueries({
    queries: targets.map((target) => ({
      queryKey: linkKeys.resolve(fromId, target),
      queryFn: () => client.call('links.resolve', { target, fromId }),
      staleTime: 10_000,
    })),
  });
  const statuses = results.map((r) => r.data?.status ?? '').join(',');
  return useMemo(() => {
    const m = new Map<string, LinkState>();
    const s = statuses.split(',');
    targets.forEach((t, i) => {
      if (s[i]) m.set(t, s[i] as LinkState);
    });
    return m;
  }, [targets, statuses]);
}

/** Resolves one `Target#anchor` embed key to its note, or null. */
async function fetchEmbed(client: DossierClient, fromId: string, key: string): Promise<EmbeddedNote | null> {
  const { target } = splitWikiTarget(key);
  if (!target) return null;
  const r = await client.call('links.resolve', { target, fromId });
  if (r.status !== 'resolved' || !r.noteId) return null;
  const note = await client.call('notes.get', { id: r.noteId });
  return { id: note.id, title: note.title, body: note.body };
}

/**
 * The notes a body's `![[embeds]]` show, and theirs, down to the render's depth limit (cycles end at the
 * renderer, which sees the chain). The env object is stable while nothing changed.
 */
export function useEmbeds(fromId: string, body: string): RenderEnv {
  const client = useClient();
  const top = useMemo(() => embedTargets(body).slice(0, 50), [body]);
  const q = useQuery({
    queryKey: linkKeys.embeds(fromId, top.join('\n')),
    enabled: top.length > 0,
    staleTime: 10_000,
    queryFn: async () => {
      const found = new Map<string, EmbeddedNote>();
      let level = top;
      for (let depth = 0; depth < MAX_EMBED_DEPTH && level.length; depth++) {
        const next: string[] = [];
        for (const key of level) {
          if (found.has(key)) continue;
          const note = await fetchEmbed(client, fromId, key).catch(() => null);
          if (!note) continue;
          found.set(key, note);
          for (const k of embedTargets(note.body)) if (!found.has(k)) next.push(k);
        }
        level = next.slice(0, 50);
      }
      return found;
    },
  });
  const embeds = top.length ? q.data : undefined;
  return useMemo(() => ({ embeds, chain: [fromId] }), [embeds, fromId]);
}
