import type { LinksUseCases } from './use-cases.js';

/** The links.* calls and notes.deleteImpact (what deleting a note would break). */
export function linksHandlers(core: LinksUseCases) {
  return {
    'links.backlinks': (i: { id: string }) => core.backlinks(i.id),
    'links.outgoing': (i: { id: string }) => core.outgoingLinks(i.id),
    'links.resolve': (i: { target: string; fromId?: string }) => core.resolveLink(i.target, i.fromId),
    'links.anchors': async (i: { id: string }) => core.anchors(i.id),
    'links.complete': (i: { query: string; fromId?: string; limit?: number }) =>
      core.completeLinks(i.query, i.fromId, i.limit),
    'links.mentions': (i: { id: string; limit?: number }) => core.mentions(i.id, i.limit),
    'links.linkIt': (i: {
      sourceId: string;
      targetId: string;
      offset: number;
      length: number;
      baseVersion?: number;
    }) => core.linkIt(i),
    'links.retargetImpact': (i: { id: string; from: string }) => core.retargetImpact(i.id, i.from),
    'links.retarget': (i: { id: string; from: string }) => core.retargetLinks(i.id, i.from),
    'notes.deleteImpact': (i: { id: string }) => core.deleteImpact(i.id),
  };
}
