import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TagNode } from '../../../../electron/contract/index';

type Props = {
  nodes: TagNode[];
  selected: string[];
  onToggle: (tag: string) => void;
  onManage: (tag: string) => void;
};

type Row = { node: TagNode; level: number; parent: string | null };

/** Open unless the user closed it; by default a top-level tag with a few children starts open. */
function isOpenIn(toggled: ReadonlyMap<string, boolean>, node: TagNode, level: number): boolean {
  return toggled.get(node.tag) ?? (level === 1 && node.children.length > 0 && node.children.length <= 12);
}

/** The rows a reader sees: every node whose ancestors are all expanded, in order. */
function visibleRows(
  nodes: TagNode[],
  toggled: ReadonlyMap<string, boolean>,
  level = 1,
  parent: string | null = null,
): Row[] {
  return nodes.flatMap((node) => [
    { node, level, parent },
    ...(isOpenIn(toggled, node, level) ? visibleRows(node.children, toggled, level + 1, node.tag) : []),
  ]);
}

/**
 * Nested tags as a WAI-ARIA tree: one Tab stop (roving tabindex); ↑/↓ move, → opens or goes to the first
 * child, ← closes or goes to the parent, Home/End, Enter or Space filters by the tag (a parent includes its
 * nested tags), and Shift+F10, the context-menu key or F2 open the tag's menu (rename, merge, remove).
 */
export function TagTree({ nodes, selected, onToggle, onManage }: Props) {
  // Only what the user toggled is remembered, so a tag that appears later (a rename) gets the default.
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(() => new Map());
  const [focused, setFocused] = useState<string | null>(null);
  const treeRef = useRef<HTMLUListElement>(null);
  const idBase = useId();
  const rows = useMemo(() => visibleRows(nodes, toggled), [nodes, toggled]);
  // The one tabbable item: the focused one if still visible, else the first.
  const current = rows.find((r) => r.node.tag === focused) ?? rows[0];

  const focusTag = (tag: string) => {
    setFocused(tag);
    treeRef.current?.querySelector<HTMLElement>(`[data-item="${CSS.escape(tag)}"]`)?.focus();
  };
  const setExpanded = (tag: string, on: boolean) => setToggled((prev) => new Map(prev).set(tag, on));

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (!current || e.altKey || e.ctrlKey || e.metaKey) return;
    const i = rows.indexOf(current);
    const { node, parent, level } = current;
    const nodeOpen = isOpenIn(toggled, node, level);
    const hasChildren = node.children.length > 0;
    let handled = true;
    if (e.key === 'ArrowDown') focusTag(rows[Math.min(rows.length - 1, i + 1)]!.node.tag);
    else if (e.key === 'ArrowUp') focusTag(rows[Math.max(0, i - 1)]!.node.tag);
    else if (e.key === 'Home') focusTag(rows[0]!.node.tag);
    else if (e.key === 'End') focusTag(rows[rows.length - 1]!.node.tag);
    else if (e.key === 'ArrowRight') {
      if (hasChildren && !nodeOpen) setExpanded(node.tag, true);
      else if (hasChildren) focusTag(node.children[0]!.tag);
    } else if (e.key === 'ArrowLeft') {
      if (hasChildren && nodeOpen) setExpanded(node.tag, false);
      else if (parent) focusTag(parent);
    } else if (e.key === 'Enter' || e.key === ' ') onToggle(node.tag);
    else if (e.key === 'ContextMenu' || e.key === 'F2' || (e.shiftKey && e.key === 'F10')) onManage(node.tag);
    else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  const renderLevel = (list: TagNode[], level: number) =>
    list.map((n) => {
      const isOpen = isOpenIn(toggled, n, level);
      const active = selected.includes(n.tag);
      const hasChildren = n.children.length > 0;
      return (
        // APG navigation-tree shape: the row is the treeitem and owns its group, so its name is just
        // the tag's name and count ("conference, 2 notes").
        <li key={n.tag} role="none">
          <div
            role="treeitem"
            className={active ? 'tag-row active' : 'tag-row'}
            style={{ paddingLeft: 8 + (level - 1) * 14 }}
            aria-level={level}
            aria-expanded={hasChildren ? isOpen : undefined}
            aria-selected={active}
            aria-owns={isOpen && hasChildren ? `${idBase}-${n.tag}-group` : undefined}
            aria-keyshortcuts="Shift+F10"
            tabIndex={current?.node.tag === n.tag ? 0 : -1}
            data-item={n.tag}
            onFocus={(e) => {
              if (e.target === e.currentTarget) setFocused(n.tag);
            }}
          >
            <span
              className="twisty"
              aria-hidden
              data-open={hasChildren ? String(isOpen) : undefined}
              onClick={() => hasChildren && setExpanded(n.tag, !isOpen)}
            />
            <span
              className={active ? 'tag-name active' : 'tag-name'}
              data-tag={n.tag}
              title={`Filter by ${n.tag} (includes nested tags)`}
              onClick={() => {
                focusTag(n.tag);
                onToggle(n.tag);
              }}
            >
              {n.name}
            </span>
            <span className="count">
              <span className="sr-only">, </span>
              {n.count}
              <span className="sr-only"> note{n.count === 1 ? '' : 's'}</span>
            </span>
            {/* For the pointer; keyboard and screen-reader users open it with Shift+F10 (aria-keyshortcuts). */}
            <button
              type="button"
              className="tag-menu"
              tabIndex={-1}
              aria-hidden
              aria-label={`Manage tag ${n.tag}`}
              title="Rename, merge or remove (Shift+F10)"
              onClick={() => onManage(n.tag)}
            />
          </div>
          {isOpen && hasChildren && (
            <ul role="group" id={`${idBase}-${n.tag}-group`}>
              {renderLevel(n.children, level + 1)}
            </ul>
          )}
        </li>
      );
    });

  return (
    <ul
      ref={treeRef}
      className="tag-tree"
      role="tree"
      aria-label="Tags"
      aria-multiselectable="true"
      onKeyDown={onKeyDown}
    >
      {renderLevel(nodes, 1)}
    </ul>
  );
}
