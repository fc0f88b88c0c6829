import type { FromTemplateInput, TemplatesUseCases } from './use-cases.js';

/** templates.* and notes.createFromTemplate. */
export function templatesHandlers(core: TemplatesUseCases) {
  return {
    'notes.createFromTemplate': (i: FromTemplateInput) => core.createFromTemplate(i),
    'templates.list': async () => core.templates(),
    'templates.install': () => core.installTemplates(),
    'templates.setDefault': (i: { topicId: string; templateId: string | null }) =>
      core.setDefaultTemplate(i.topicId, i.templateId),
  };
}
