/**
 * The routes of the desk's screens — administration, oversight and data requests — used at a desk with
 * signal: they are not part of every page's first download (App.tsx routes these addresses here).
 */
import { lazy } from 'react';
import { Route, Switch } from 'wouter';
import { RequireRole } from './components/RequireRole';
import { AdminMechanismList } from './scenes/AdminShared/AdminMechanismList';
import { NotFound } from './scenes/NotFound/NotFound';

const Oversight = lazy(() => import('./scenes/Oversight/Oversight').then((m) => ({ default: m.Oversight })));
const OversightCases = lazy(() => import('./scenes/Oversight/OversightCases').then((m) => ({ default: m.OversightCases })));
const CaseAudit = lazy(() => import('./scenes/Oversight/CaseAudit').then((m) => ({ default: m.CaseAudit })));
const Effectiveness = lazy(() => import('./scenes/Effectiveness/Effectiveness').then((m) => ({ default: m.Effectiveness })));
const AdminOverview = lazy(() => import('./scenes/AdminOverview/AdminOverview').then((m) => ({ default: m.AdminOverview })));
const AdminPeople = lazy(() => import('./scenes/AdminPeople/AdminPeople').then((m) => ({ default: m.AdminPeople })));
const AdminCompanies = lazy(() => import('./scenes/AdminCompanies/AdminCompanies').then((m) => ({ default: m.AdminCompanies })));
const AdminCategories = lazy(() => import('./scenes/AdminCategories/AdminCategories').then((m) => ({ default: m.AdminCategories })));
const AdminRootCauses = lazy(() => import('./scenes/AdminRootCauses/AdminRootCauses').then((m) => ({ default: m.AdminRootCauses })));
const AdminPlaces = lazy(() => import('./scenes/AdminPlaces/AdminPlaces').then((m) => ({ default: m.AdminPlaces })));
const AdminDeadlines = lazy(() => import('./scenes/AdminDeadlines/AdminDeadlines').then((m) => ({ default: m.AdminDeadlines })));
const AdminLanguages = lazy(() => import('./scenes/AdminLanguages/AdminLanguages').then((m) => ({ default: m.AdminLanguages })));
const AdminDataPolicy = lazy(() => import('./scenes/AdminDataPolicy/AdminDataPolicy').then((m) => ({ default: m.AdminDataPolicy })));
const AdminMechanisms = lazy(() => import('./scenes/AdminMechanisms/AdminMechanisms').then((m) => ({ default: m.AdminMechanisms })));
const AdminOutbox = lazy(() => import('./scenes/AdminOutbox/AdminOutbox').then((m) => ({ default: m.AdminOutbox })));
const AdminChannelOutbox = lazy(() => import('./scenes/AdminOutbox/AdminChannelOutbox').then((m) => ({ default: m.AdminChannelOutbox })));
const HabeasQueue = lazy(() => import('./scenes/HabeasQueue/HabeasQueue').then((m) => ({ default: m.HabeasQueue })));

const ADMIN_SCREENS = [
  ['admin/personas', AdminPeople],
  ['admin/empresas', AdminCompanies],
  ['admin/categorias', AdminCategories],
  ['admin/causas', AdminRootCauses],
  ['admin/lugares', AdminPlaces],
  ['admin/politica-de-datos', AdminDataPolicy],
  ['admin/plazos', AdminDeadlines],
  ['admin/mecanismos', AdminMechanisms],
  ['admin/correos', AdminOutbox],
  ['admin/mensajes', AdminChannelOutbox],
  ['admin/idiomas', AdminLanguages],
] as const;

/** The desk's screens, each for its roles; an unknown desk address is "not found". */
export function DeskRoutes() {
  return (
    <Switch>
      <Route path="/admin">
        <RequireRole roles={['admin']}>
          <AdminMechanismList>
            <AdminOverview />
          </AdminMechanismList>
        </RequireRole>
      </Route>
      {ADMIN_SCREENS.map(([path, Screen]) => (
        <Route key={path} path={`/${path}`}>
          <RequireRole roles={['admin']}>
            <AdminMechanismList>
              <Screen />
            </AdminMechanismList>
          </RequireRole>
        </Route>
      ))}
      <Route path="/supervision">
        <RequireRole roles={['ombudsman']}>
          <Oversight />
        </RequireRole>
      </Route>
      <Route path="/supervision/efectividad">
        <RequireRole roles={['ombudsman']}>
          <Effectiveness />
        </RequireRole>
      </Route>
      <Route path="/supervision/casos">
        <RequireRole roles={['ombudsman']}>
          <OversightCases />
        </RequireRole>
      </Route>
      <Route path="/supervision/casos/:id">
        <RequireRole roles={['ombudsman']}>
          <CaseAudit />
        </RequireRole>
      </Route>
      <Route path="/habeas">
        <RequireRole roles={['ombudsman', 'admin']}>
          <HabeasQueue />
        </RequireRole>
      </Route>
      <Route>
        <NotFound />
      </Route>
    </Switch>
  );
}
