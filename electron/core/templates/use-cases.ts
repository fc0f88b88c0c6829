import type { FromTemplate } from '../../domain/views.js';
import type { TemplateList } from '../links/types.js';
import type { CoreContext } from '../context.js';
import { installTemplates, newNoteFromTemplate, setDefaultTemplate, templateList } from './use.js';

/** What a note made from a template may be given: which template, which topic, which title. */
export type FromTemplateInput = {
  templateId?: string | undefined;
  topicId?: string | null | undefined;
  title?: string | undefined;
};

/** Templates: list, install the shipped ones, a topic's default, and new notes from a template. */
export function templatesUseCases(ctx: CoreContext) {
  return {
    templates(): TemplateList {
      return templateList(ctx.store.get());
    },

    installTemplates(): Promise<{ added: number; topicId: string }> {
      return ctx.apply((d) => {
        const r = installTemplates(d, ctx.now());
        return { data: r.data, value: { added: r.added, topicId: r.topicId } };
      });
    },

    setDefaultTemplate(topicId: string, templateId: string | null): Promise<null> {
      return ctx.apply((d) => ({ data: setDefaultTemplate(d, topicId, templateId), value: null }));
    },

    async createFromTemplate(input: FromTemplateInput): Promise<FromTemplate> {
      const r = await ctx.apply((d) => {
        const x = newNoteFromTemplate(d, input, ctx.clock(), ctx.now());
        return { data: x.data, value: x, onlyNotes: [x.note.id] };
      });
      return { note: ctx.view(r.note), cursor: r.cursor };
    },
  };
}

/** The template use cases, as the composed core carries them. */
export type TemplatesUseCases = ReturnType<typeof templatesUseCases>;
