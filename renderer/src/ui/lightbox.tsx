import { useEffect, useRef } from 'react';

/**
 * An image at full size over the app (click anywhere or Escape closes it); a dialog, so focus moves in
 * and screen readers announce it.
 */
export function Lightbox({ src, alt, onClose }: { src: string; alt: string; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div
      ref={ref}
      className="lightbox"
      role="dialog"
      aria-modal="true"
      aria-label={alt || 'Image'}
      tabIndex={-1}
      data-testid="lightbox"
      onClick={onClose}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <img src={src} alt={alt} />
      <button type="button" className="lightbox-close" aria-label="Close image" onClick={onClose}>
        ×
      </button>
    </div>
  );
}
