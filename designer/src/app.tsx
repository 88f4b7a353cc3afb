/** The routes of the web app (DESIGN.md §6). */
import { lazy, Suspense } from "react";
import type { ReactNode } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router";
import { homePath } from "./auth/home-path.js";
import { CalendarPage } from "./calendar/calendar-page.js";
import { EnterpriseListPage } from "./directory/enterprise-list-page.js";
import { EnterprisePage } from "./directory/enterprise-page.js";
import { VillageListPage } from "./directory/village-list-page.js";
import { RankingPage } from "./ranking/ranking-page.js";
import { RankingPrintPage } from "./ranking/ranking-print-page.js";
import { SessionProvider, useSession } from "./auth/session.js";
import { AppShell } from "./components/app-shell.js";
import { LiveUpdatesProvider } from "./components/live-updates.js";
import { Loading } from "./components/status-views.js";
import { NotificationListPage } from "./notifications/notification-list-page.js";
import { InboxPage } from "./pages/inbox-page.js";
import { InstanceListPage } from "./pages/instance-list-page.js";
import { InstancePage } from "./pages/instance-page.js";
import { LoginPage } from "./pages/login-page.js";
import { NotFoundPage } from "./pages/not-found-page.js";
import { ProcessListPage } from "./pages/process-list-page.js";
import { StartPage } from "./pages/start-page.js";
import { TaskPage } from "./pages/task-page.js";
import { ChannelsPage } from "./settings/channels/channels-page.js";
import { GroupNamesPage } from "./settings/group-names-page.js";
import { TownshipRulesPage } from "./settings/township-rules-page.js";

// The designer and the dashboard carry the heavy libraries (elkjs, echarts): load them on demand.
const DesignerPage = lazy(() =>
  import("./designer/designer-page.js").then((m) => ({ default: m.DesignerPage })),
);
const DashboardPage = lazy(() =>
  import("./dashboard/dashboard-page.js").then((m) => ({ default: m.DashboardPage })),
);

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </SessionProvider>
  );
}

function AppRoutes() {
  const { user } = useSession();
  return (
    <LiveUpdatesProvider enabled={Boolean(user)}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="/ranking/print"
          element={
            <RequireUser>
              <RankingPrintPage />
            </RequireUser>
          }
        />
        <Route
          element={
            <RequireUser>
              <AppShell />
            </RequireUser>
          }
        >
          <Route index element={<HomeRedirect />} />
          <Route path="/inbox" element={<InboxPage />} />
          <Route path="/tasks/:id" element={<TaskPage />} />
          <Route path="/instances" element={<InstanceListPage />} />
          <Route path="/instances/:id" element={<InstancePage />} />
          <Route path="/start" element={<ProcessListPage mode="start" />} />
          <Route path="/start/:key" element={<StartPage />} />
          <Route path="/designer" element={<ProcessListPage mode="design" />} />
          <Route
            path="/designer/:key"
            element={
              <Suspense fallback={<Loading label="正在打开设计器…" />}>
                <DesignerPage />
              </Suspense>
            }
          />
          <Route
            path="/dashboard"
            element={
              <Suspense fallback={<Loading />}>
                <DashboardPage />
              </Suspense>
            }
          />
          <Route path="/notifications" element={<NotificationListPage />} />
          <Route path="/calendar" element={<CalendarPage />} />
          <Route path="/settings/groups" element={<GroupNamesPage />} />
          <Route path="/settings/channels" element={<ChannelsPage />} />
          <Route path="/settings/township" element={<TownshipRulesPage />} />
          <Route path="/enterprises" element={<EnterpriseListPage />} />
          <Route path="/enterprises/:id" element={<EnterprisePage />} />
          <Route path="/villages" element={<VillageListPage />} />
          <Route path="/ranking" element={<RankingPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </LiveUpdatesProvider>
  );
}

/** `/`: where this user starts (admins without case work: the process list). */
function HomeRedirect() {
  const { user } = useSession();
  return <Navigate to={user ? homePath(user) : "/login"} replace />;
}

function RequireUser({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (!user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return children;
}
