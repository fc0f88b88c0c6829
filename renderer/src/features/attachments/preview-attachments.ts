import type { AttachmentView } from '../../../../electron/contract/index';
import { formatBytes } from '../../ui/format-bytes';
import { pdfPreview } from './pdf-thumbnail';

/**
 * A badge for files the preview cannot show: the file's extension (XLSX, ZIP, MP4), else its kind from
 * the sniffed type. Text, not emoji, so it looks the same on every system.
 */
function fileBadge(mediaType: string, name: string): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1];
  if (ext) return ext.toUpperCase();
  const kind = mediaType.split('/')[0];
  return kind && kind !== 'application' ? kind.toUpperCase() : 'FILE';
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/**
 * True for a paragraph holding nothing but attachments (file links, images, line breaks), as attaching
 * writes them one per line: its links become cards. A link inside a sentence stays a link.
 */
function onlyAttachments(p: Element): boolean {
  let links = 0;
  for (const child of p.childNodes) {
    if (child.nodeType === Node.TEXT_NODE && !child.textContent?.trim()) continue;
    if (child instanceof HTMLBRElement) continue;
    if (child instanceof HTMLImageElement && child.dataset.attachmentId) continue;
    if (child instanceof HTMLAnchorElement && child.dataset.attachmentId) {
      links++;
      continue;
    }
    return false;
  }
  return links > 0;
}

/** One file card: icon or PDF thumbnail, name, kind and size, Open and Save as. Text goes in as text only. */
function card(link: HTMLAnchorElement, att: AttachmentView | undefined): HTMLElement {
  const id = link.dataset.attachmentId!;
  const url = link.getAttribute('href') ?? '';
  const name = att?.shownName ?? (link.textContent?.trim() || 'file');
  const isPdf = att?.mediaType === 'application/pdf';
  const meta = el('span', {
    className: 'attachment-meta',
    text: att
      ? att.missing
        ? 'file missing'
        : `${isPdf ? 'PDF' : att.mediaType} · ${formatBytes(att.size)}`
      : '',
  });
  const visual = isPdf
    ? el('span', { className: 'attachment-thumb', attrs: { 'aria-hidden': 'true' } })
    : el('span', {
        className: 'attachment-icon',
        text: fileBadge(att?.mediaType ?? '', name),
        attrs: { 'aria-hidden': 'true' },
      });
  const actions = el(
    'span',
    { className: 'attachment-actions' },
    el('button', {
      className: 'link-button',
      text: 'Open',
      attrs: { type: 'button', 'data-action': 'open', 'data-attachment-id': id, 'data-name': name },
    }),
    el('button', {
      className: 'link-button',
      text: 'Save as…',
      attrs: { type: 'button', 'data-action': 'save', 'data-attachment-id': id, 'data-name': name },
    }),
  );
  const node = el(
    'div',
    {
      className: `attachment-card${isPdf ? ' pdf' : ''}${att?.missing ? ' missing' : ''}`,
      attrs: {
        'data-attachment-id': id,
        'data-testid': isPdf ? 'pdf-card' : 'file-card',
        role: 'group',
        'aria-label': name,
      },
    },
    visual,
    el(
      'span',
      { className: 'attachment-text' },
      el('span', { className: 'attachment-name', text: name }),
      meta,
      actions,
    ),
  );
  if (isPdf && att && !att.missing) {
    pdfPreview(url)
      .then(({ thumbnail, pages }) => {
        visual.replaceChildren(
          el('img', {
            attrs: { src: thumbnail, alt: `First page of ${name}`, 'data-testid': 'pdf-thumbnail' },
          }),
        );
        meta.textContent = `PDF · ${pages} page${pages === 1 ? '' : 's'} · ${formatBytes(att.size)}`;
      })
      .catch(() => {
        visual.textContent = 'PDF';
        meta.textContent = `PDF (cannot be previewed) · ${formatBytes(att.size)}`;
      });
  }
  return node;
}

/**
 * Turns the sanitised preview's attachment references into what people expect: images get a click-to-
 * enlarge affordance, paragraphs of file links become cards (PDFs with their first page and page count).
 * Everything is built with DOM calls and textContent, after sanitising, so no file name becomes markup.
 */
export function decorateAttachments(root: HTMLElement, attachments: readonly AttachmentView[]): void {
  const byId = new Map(attachments.map((a) => [a.id, a]));
  for (const img of root.querySelectorAll<HTMLImageElement>('img[data-attachment-id]')) {
    img.classList.add('attachment-image');
    img.tabIndex = 0;
    img.setAttribute('role', 'button');
    img.title = 'Open full size';
  }
  for (const p of root.querySelectorAll('p')) {
    if (!onlyAttachments(p)) continue;
    // In order: images stay (as blocks), each run of file links becomes a row of cards.
    const blocks: Node[] = [];
    let row: HTMLElement | null = null;
    for (const child of [...p.childNodes]) {
      if (child instanceof HTMLAnchorElement) {
        row ??= el('div', { className: 'attachment-cards' });
        row.append(card(child, byId.get(child.dataset.attachmentId!)));
      } else if (child instanceof HTMLImageElement) {
        if (row) blocks.push(row);
        row = null;
        blocks.push(child);
      }
    }
    if (row) blocks.push(row);
    p.replaceWith(...blocks);
  }
}
