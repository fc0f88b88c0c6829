import { useState } from 'react';
import type { TagNode } from '../../../electron/core/tags/tree';

type Props = {
  nodes: TagNode[];
  selected: string[];
  onToggle: (tag: string) => void;
  onManage: (tag: string) => void;
  depth?: number;
};

/** Nested tags as a collapsible tree; selecting a parent filters to it and all its children. */
export function TagTree({ nodes, selected, onToggle, onManage, depth = 0 }: Props) {
  return (
    <ul className="tag-tree" role={depth === 0 ? 'tree' : 'group'}>
      {nodes.map((n) => (
        <TagTreeItem
          key={n.tag}
          node={n}
          selected={selected}
          onToggle={onToggle}
          onManage={onManage}
          depth={depth}
        />
      ))}
    </ul>
  );
}

function TagTreeItem({
  node,
  selected,
  onToggle,
  onManage,
  depth,
}: Omit<Props, 'nodes'> & { node: TagNode; depth: number }) {
  const [open, setOpen] = useState(depth === 0 && node.children.length <= 12);
  const active = selected.includes(node.tag);
  return (
    <li role="treeitem" aria-expanded={node.children.length ? open : undefined} aria-selected={active}>
      <div className="tag-row" style={{ paddingLeft: 8 + depth * 14 }}>
        {node.children.length > 0 ? (
          <button
            type="button"
            className="twisty"
            aria-label={open ? `Collapse ${node.tag}` : `Expand ${node.tag}`}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="twisty" />
        )}
        <button
          type="button"
          className={active ? 'tag-name active' : 'tag-name'}
          data-tag={node.tag}
          onClick={() => onToggle(node.tag)}
          title={`Filter by ${node.tag} (includes nested tags)`}
        >
          {node.name}
        </button>
        <span className="count">{node.count}</span>
        <button
          type="button"
          className="tag-menu"
          aria-label={`Manage tag ${node.tag}`}
          title="Rename, merge or remove"
          onClick={() => onManage(node.tag)}
        >
          ⋯
        </button>
      </div>
      {open && node.children.length > 0 && (
        <TagTree
          nodes={node.children}
          selected={selected}
          onToggle={onToggle}
          onManage={onManage}
          depth={depth + 1}
        />
      )}
    </li>
  );
}
