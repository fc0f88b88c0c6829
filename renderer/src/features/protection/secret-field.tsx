import { useId, useState, type Ref } from 'react';

export type SecretAutoComplete = 'new-password' | 'current-password' | 'off';

/**
 * A password field with a Show / Hide toggle, used by the unlock screen and the protection dialog. The toggle
 * stays usable while the field is disabled (a busy unlock), as it always was on the unlock screen.
 */
export function SecretField({
  label,
  value,
  onChange,
  autoComplete,
  id,
  ref,
  className,
  describedBy,
  autoFocus,
  disabled,
  invalid,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  autoComplete: SecretAutoComplete;
  /** a fixed id where other markup or CSS refers to the input; a generated one otherwise */
  id?: string;
  ref?: Ref<HTMLInputElement>;
  /** extra class on the wrapper, for a caller's own layout */
  className?: string;
  describedBy?: string;
  autoFocus?: boolean;
  disabled?: boolean;
  /** sets aria-invalid="true"; when false the attribute is left off */
  invalid?: boolean;
}) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const [show, setShow] = useState(false);
  const name = label.toLowerCase();
  return (
    <div className={className ? `secret-field ${className}` : 'secret-field'}>
      <label htmlFor={inputId}>{label}</label>
      <div className="row">
        <input
          id={inputId}
          ref={ref}
          type={show ? 'text' : 'password'}
          autoComplete={autoComplete}
          spellCheck={false}
          value={value}
          disabled={disabled}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={describedBy}
          autoFocus={autoFocus}
          onChange={(e) => onChange(e.target.value)}
        />
        <button
          type="button"
          className="button"
          aria-pressed={show}
          aria-label={show ? `Hide ${name}` : `Show ${name}`}
          onClick={() => setShow((v) => !v)}
        >
          {show ? 'Hide' : 'Show'}
        </button>
      </div>
    </div>
  );
}
