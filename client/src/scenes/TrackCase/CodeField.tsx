/**
 * A field for a code typed from a paper or a screen (the complaint's reference, the receipt key): plain
 * text in capitals, with no autocomplete or spell check that would "correct" it or keep it on the phone.
 */
import { Field } from '../../components/Field';

/** One labelled code input with its hint and error. */
export function CodeField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <input
          {...control}
          type="text"
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
