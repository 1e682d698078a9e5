/**
 * The mark on a case filed in another language than Spanish (issue #14 §7): the Defensoría arranges an
 * interpreter for it, as Decreto 1166 de 2016 asks for petitions in native languages. The language is
 * named as the mechanism names it (Yukpa), or as the product does (English).
 */
import { useTranslation } from 'react-i18next';
import { useMechanism } from '../hooks/useMechanism';
import { isBuiltIn } from './addedLanguages';

/** The language's name for `code`. */
export function useLanguageName(): (code: string) => string {
  const { t } = useTranslation(['app']);
  const languages = useMechanism().data?.languages;
  return (code) => languages?.find((l) => l.code === code)?.name ?? (isBuiltIn(code) ? t(`app:language.${code as 'es' | 'en'}`) : code);
}

/** The case page's note (`short`: the few words a queue row has room for). */
export function InterpreterNote({ language, short = false }: { language: string | null; short?: boolean }) {
  const { t } = useTranslation(['languages']);
  const nameOf = useLanguageName();
  if (!language) return null;
  const name = nameOf(language);
  if (short)
    return (
      <span className="interpreter-mark" data-interpreter={language}>
        {t('languages:interpreter.short', { language: name })}
      </span>
    );
  return (
    <p className="marker" data-interpreter={language}>
      <span aria-hidden="true">🗣 </span>
      {t('languages:interpreter.note', { language: name })}
    </p>
  );
}
