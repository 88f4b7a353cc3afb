/** The frame around every signed-in screen: header, navigation with the live inbox badge. */
import { useEffect, useState } from "react";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { api } from "../api/client.js";
import { useSession } from "../auth/session.js";
import { CalendarBanner } from "../calendar/calendar-banner.js";
import { NotificationBell } from "../notifications/notification-bell.js";
import { ErrorBoundary } from "./error-boundary.js";
import { useLiveTick } from "./live-updates.js";

export function AppShell() {
  const { user, logout, hasGroup } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const tick = useLiveTick();
  const [openCount, setOpenCount] = useState<number | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => {
    let current = true;
    api.tasks
      .list({ limit: 200 })
      .then((page) => current && setOpenCount(page.items.length))
      .catch(() => current && setOpenCount(null));
    return () => {
      current = false;
    };
  }, [tick]);

  const isAdmin = hasGroup("process-admin");
  // The 晾晒 board is for township staff: everyone but an enterprise's own users.
  const isTownshipStaff = (user?.groups ?? []).some((g) => !g.startsWith("enterprise-"));
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        跳到正文
      </a>
      <header className="app-header">
        <NavLink to="/" end className="brand" aria-label="治本 首页">
          <span className="brand-mark" aria-hidden="true">
            治
          </span>
          <span className="brand-name">治本</span>
          <span className="brand-sub">安全生产监管</span>
        </NavLink>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          菜单
          {openCount !== null && openCount > 0 && (
            <span className="badge" aria-hidden="true">
              {openCount}
            </span>
          )}
        </button>
        <nav
          id="main-nav"
          className={menuOpen ? "main-nav open" : "main-nav"}
          onClick={() => setMenuOpen(false)}
        >
          <NavLink to="/inbox">
            待办
            {openCount !== null && openCount > 0 && (
              <span className="badge" data-testid="inbox-badge" aria-label={`${openCount} 项待办`}>
                {openCount}
              </span>
            )}
          </NavLink>
          <NavLink to="/start">发起</NavLink>
          <NavLink to="/instances">案件</NavLink>
          <NavLink to="/dashboard">统计</NavLink>
          {isTownshipStaff && <NavLink to="/ranking">晾晒</NavLink>}
          <NavLink to="/enterprises">企业</NavLink>
          {isAdmin && <NavLink to="/designer">流程设计</NavLink>}
          <NavLink to="/calendar">工作日历</NavLink>
          {hasGroup("user-admin") && <NavLink to="/settings/groups">用户组</NavLink>}
          {isAdmin && <NavLink to="/settings/channels">通知渠道</NavLink>}
          {isAdmin && <NavLink to="/settings/township">乡镇规则</NavLink>}
        </nav>
        <div className="user-box">
          <NotificationBell />
          <span className="user-name" title={user?.orgUnit ?? undefined}>
            {user?.name ?? user?.username}
          </span>
          <button
            type="button"
            className="btn ghost small"
            onClick={() => {
              logout();
              navigate("/login");
            }}
          >
            退出
          </button>
        </div>
      </header>
      {hasGroup("calendar-admin") && <CalendarBanner />}
      <main id="main" className="app-main" tabIndex={-1}>
        <ErrorBoundary key={location.pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
    </div>
  );
}
