import { languageFromHeader, translatorFor } from './i18n';

describe("The caller's language, read from Accept-Language and remembered", () => {
  it('When the same header comes again, or after many other headers, Then it reads the same language', () => {
    const headers: [string, 'es' | 'en'][] = [
      ['en-US,en;q=0.9,es;q=0.8', 'en'],
      ['es-CO,es;q=0.9,en;q=0.8', 'es'],
      ['fr-FR,fr;q=0.9,en;q=0.5', 'en'],
      ['en;q=0,es', 'es'],
      ['de', 'es'],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [header, language] of headers) expect(languageFromHeader(header)).toBe(language);
      // More headers than are remembered: the remembered answers are forgotten, never wrong.
      for (let i = 0; i < 600; i++) expect(languageFromHeader(`x-${i},en;q=0.${(i % 9) + 1}`)).toBe('en');
    }
    expect(languageFromHeader(undefined)).toBe('es');
  });

  it('When a translator is asked for twice, Then it is the same function and still speaks its own language', () => {
    expect(translatorFor('en')).toBe(translatorFor('en'));
    expect(translatorFor('es')).not.toBe(translatorFor('en'));
    expect(translatorFor('en')('errors:route_not_found')).not.toBe(translatorFor('es')('errors:route_not_found'));
  });
});
