import '../links/links.css';
import { useState, type KeyboardEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  NoteView,
  PropertyChange,
  PropertyKind,
  PropertyMap,
  PropertyValue,
} from '../../../../electron/contract/index';
import { useClient } from '../../api/client-context';
import { invalidateAfterNoteChange, keys } from '../../api/queries';

type NewKind = 'text' | 'number' | 'boolean' | 'date' | 'list';

const EMPTY_OF: Record<NewKind, PropertyValue> = {
  text: '',
  number: 0,
  boolean: false,
  date: new Date().toISOString().slice(0, 10),
  list: [],
};

/** Text YAML would read as a timestamp (as the core's domain/property-value.ts decides, for the date picker). */
const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** The kind of a value, for type-aware inputs (the renderer imports only types from the core). */
function kindOf(value: PropertyValue): PropertyKind {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string')
    return DATE.test(value) && !Number.isNaN(Date.parse(value)) ? 'date' : 'text';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'map';
}

/** Shows a nested value (a map, or a list holding maps) as one line; it is kept, not edited here. */
const asText = (v: PropertyValue): string => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The note's properties (front-matter keys Dossier does not own) above the body: add, remove, rename a
 * key, and type-aware inputs (date picker, list chips, checkbox, number). Each change is one
 * notes.setProperties call; the editor picks up the saved version like any change from elsewhere.
 */
export function PropertiesPanel({ note }: { note: NoteView }) {
  const client = useClient();
  const qc = useQueryClient();
  const props: PropertyMap = note.properties ?? {};
  const entries = Object.entries(props);
  const [open, setOpen] = useState(entries.length > 0);
  const [adding, setAdding] = useState<{ key: string; kind: NewKind }>({ key: '', kind: 'text' });
  const suggestions = useQuery({
    queryKey: ['properties', 'keys'],
    queryFn: () => client.call('properties.keys', {}),
    enabled: open,
    staleTime: 30_000,
  });
  const save = useMutation({
    mutationFn: (changes: PropertyChange[]) => client.call('notes.setProperties', { id: note.id, changes }),
    onSuccess: (n) => {
      qc.setQueryData(keys.notes.detail(n.id), n);
      invalidateAfterNoteChange(qc);
      void qc.invalidateQueries({ queryKey: ['properties'] });
    },
  });
  const set = (key: string, value: PropertyValue) => save.mutate([{ op: 'set', key, value }]);

  const add = () => {
    const key = adding.key.trim();
    if (!key) return;
    save.mutate([{ op: 'set', key, value: EMPTY_OF[adding.kind] }], {
      onSuccess: () => setAdding({ key: '', kind: 'text' }),
    });
  };

  return (
    <section className="properties" aria-label="Properties" data-testid="properties">
      <button
        type="button"
        className="properties-head"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? '▾' : '▸'} Properties{entries.length ? ` (${entries.length})` : ''}
      </button>
      {open && (
        <div className="properties-body">
          {entries.map(([key, value]) => (
            <div className="property-row" key={key} data-property={key}>
              <KeyInput
                name={key}
                onRename={(to) => to !== key && save.mutate([{ op: 'rename', key, to }])}
              />
              <ValueInput key={asText(value)} name={key} value={value} onChange={(v) => set(key, v)} />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove property ${key}`}
                title="Remove property"
                onClick={() => save.mutate([{ op: 'remove', key }])}
              >
                ×
              </button>
            </div>
          ))}
          <div className="property-row property-add">
            <input
              aria-label="New property name"
              placeholder="Add a property…"
              list={`prop-keys-${note.id}`}
              value={adding.key}
              onChange={(e) => setAdding({ ...adding, key: e.target.value })}
              onKeyDown={(e) => e.key === 'Enter' && add()}
            />
            <datalist id={`prop-keys-${note.id}`}>
              {suggestions.data
                ?.filter((s) => !Object.hasOwn(props, s.key))
                .map((s) => (
                  <option key={s.key} value={s.key} />
                ))}
            </datalist>
            <select
              aria-label="Type of the new property"
              value={adding.kind}
              onChange={(e) => setAdding({ ...adding, kind: e.target.value as NewKind })}
            >
              <option value="text">Text</option>
              <option value="number">Number</option>
              <option value="boolean">Checkbox</option>
              <option value="date">Date</option>
              <option value="list">List</option>
            </select>
            <button type="button" className="button" onClick={add} disabled={!adding.key.trim()}>
              Add
            </button>
          </div>
          {save.error && (
            <p className="field-error" role="alert">
              {save.error.message}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

/** The key, renamed when the field is left or Enter pressed. */
function KeyInput({ name, onRename }: { name: string; onRename: (to: string) => void }) {
  const [text, setText] = useState(name);
  const commit = () => {
    const to = text.trim();
    if (!to) setText(name);
    else onRename(to);
  };
  return (
    <input
      className="property-key"
      aria-label={`Property name ${name}`}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setText(name);
      }}
    />
  );
}

/** An input fitting the value's kind; text and numbers save when left, the rest at once. */
function ValueInput({
  name,
  value,
  onChange,
}: {
  name: string;
  value: PropertyValue;
  onChange: (v: PropertyValue) => void;
}) {
  const kind = kindOf(value);
  const label = `Value of ${name}`;
  if (kind === 'boolean')
    return (
      <input
        type="checkbox"
        aria-label={label}
        checked={value === true}
        onChange={(e) => onChange(e.target.checked)}
      />
    );
  if (kind === 'list' && (value as PropertyValue[]).every((x) => typeof x !== 'object' || x === null))
    return <ListChips name={name} items={value as PropertyValue[]} onChange={onChange} />;
  if (kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value as string))
    return (
      <input
        type="date"
        aria-label={label}
        value={value as string}
        onChange={(e) => e.target.value && onChange(e.target.value)}
      />
    );
  if (kind === 'map' || kind === 'list')
    return (
      <span className="property-nested muted small" title="Nested values are kept as they are">
        {asText(value)}
      </span>
    );
  return <TextValue label={label} value={value} numeric={kind === 'number'} onChange={onChange} />;
}

function TextValue({
  label,
  value,
  numeric,
  onChange,
}: {
  label: string;
  value: PropertyValue;
  numeric: boolean;
  onChange: (v: PropertyValue) => void;
}) {
  const shown = value === null ? '' : String(value);
  const [text, setText] = useState(shown);
  const commit = () => {
    if (text === shown) return;
    if (numeric) {
      const n = Number(text);
      if (text.trim() && Number.isFinite(n)) onChange(n);
      else setText(shown);
    } else onChange(text);
  };
  return (
    <input
      type={numeric ? 'number' : 'text'}
      aria-label={label}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

/** A list of plain values as removable chips, with a field to add one (Enter). */
function ListChips({
  name,
  items,
  onChange,
}: {
  name: string;
  items: PropertyValue[];
  onChange: (v: PropertyValue) => void;
}) {
  const [text, setText] = useState('');
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && text.trim()) {
      onChange([...items, text.trim()]);
      setText('');
    } else if (e.key === 'Backspace' && !text && items.length) onChange(items.slice(0, -1));
  };
  return (
    <span className="chips" role="group" aria-label={`Values of ${name}`}>
      {items.map((it, i) => (
        <span className="chip" key={`${i}:${String(it)}`}>
          {String(it)}
          <button
            type="button"
            className="chip-remove"
            aria-label={`Remove ${String(it)} from ${name}`}
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        className="chip-input"
        aria-label={`Add to ${name}`}
        placeholder="add…"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKey}
      />
    </span>
  );
}
