import { useId, type InputHTMLAttributes, type Ref } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'id'> {
  label: string;
  hint?: string;
  value: string;
  onValue(value: string): void;
  autofocus?: boolean;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled text input: the label is a real <label>, the hint is wired as its description. */
export function Field({ label, hint, value, onValue, autofocus, ref, ...rest }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={ref}
        value={value}
        onChange={(e) => onValue(e.target.value)}
        aria-describedby={hint ? hintId : undefined}
        data-autofocus={autofocus || undefined}
        {...rest}
      />
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
