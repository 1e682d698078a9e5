/** The mechanism as the API describes it: name, region, participating companies, topics and municipalities. */
import { useTranslation } from 'react-i18next';
import { CategoryIcon } from '../../components/CategoryIcon';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { useMechanism } from '../../hooks/useMechanism';
import { UI_NAMESPACES } from '../../i18n';
import '../../styles/public.css';

/** A section of the home page fed by `GET /api/mechanism`. */
export function MechanismFacts() {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const { data, error, loading, reload } = useMechanism();
  const list = new Intl.ListFormat(i18n.language, { type: 'conjunction' });

  return (
    <section aria-labelledby="home-mechanism" aria-busy={loading}>
      <h2 id="home-mechanism">{data ? t('home.mechanism.titleNamed', { name: data.name }) : t('home.mechanism.title')}</h2>
      {error && <ErrorMessage message={error.message} onRetry={() => void reload()} busy={loading} />}
      {!data && loading && <Loading />}
      {data && (
        <>
          {data.region && <p>{t('home.mechanism.region', { region: data.region })}</p>}

          <h3>{t('home.mechanism.companies')}</h3>
          {data.companies.length > 0 ? (
            <ul className="chips">
              {data.companies.map((company) => (
                <li key={company.id}>{company.name}</li>
              ))}
            </ul>
          ) : (
            <p>{t('home.mechanism.noCompanies')}</p>
          )}

          <h3>{t('home.mechanism.categories')}</h3>
          <p>{t('home.mechanism.categoriesIntro')}</p>
          <ul className="categories">
            {data.categories.map((category) => (
              <li key={category.id}>
                <CategoryIcon icon={category.icon} />
                <span>
                  <strong>{category.name}</strong>
                  {category.description && <span className="category-description">{category.description}</span>}
                </span>
              </li>
            ))}
          </ul>

          {data.municipalities.length > 0 && (
            <>
              <h3>{t('home.mechanism.municipalities')}</h3>
              <p>{list.format(data.municipalities.map((m) => m.name))}</p>
            </>
          )}
        </>
      )}
    </section>
  );
}
