import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

type Props = {
  /** what it resizes, for the accessible name: "Resize sidebar" */
  label: string;
  value: number;
  min: number;
  max: number;
  onResize: (px: number) => void;
  onToggle: () => void;
  testId?: string;
};

const STEP = 16;

/**
 * A vertical drag handle between two panes (WAI-ARIA window splitter): drag with the pointer, or focus it
 * and use ←/→ (Shift for bigger steps), Home/End for the limits, Enter to collapse or expand.
 */
export function Splitter({ label, value, min, max, onResize, onToggle, testId }: Props) {
  const drag = useRef<{ x: number; start: number } | null>(null);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, start: value };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) onResize(drag.current.start + e.clientX - drag.current.x);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? STEP * 4 : STEP;
    let handled = true;
    if (e.key === 'ArrowLeft') onResize(value - step);
    else if (e.key === 'ArrowRight') onResize(value + step);
    else if (e.key === 'Home') onResize(min);
    else if (e.key === 'End') onResize(max);
    else if (e.key === 'Enter') onToggle();
    else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      title={`${label}: drag, or focus and use ← →; Enter collapses`}
      data-testid={testId}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={onToggle}
      onKeyDown={onKeyDown}
    />
  );
}
