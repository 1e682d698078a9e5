/**
 * A text box with a limit and its count below it, for the forms of a case's page: the box lists the count
 * in its `aria-describedby` after its hint and error, so a screen reader reads all three on focus. It has
 * no `maxLength`: a long paste is kept whole and the count says how much is over.
 */
import type { FieldControlProps } from './Field';
import { CharacterCount, withCount } from './CharacterCount';

/** The box inside a `Field` (`control` is what the Field hands its render prop), holding `value` of at most `maximum`. */
export function CountedTextarea({
  control,
  rows,
  value,
  onChange,
  maximum,
}: {
  control: FieldControlProps;
  rows: number;
  value: string;
  onChange: (value: string) => void;
  maximum: number;
}) {
  return (
    <>
      <textarea {...control} aria-describedby={withCount(control)} rows={rows} value={value} onChange={(event) => onChange(event.target.value)} />
      <CharacterCount boxId={control.id} text={value} maximum={maximum} />
    </>
  );
}
