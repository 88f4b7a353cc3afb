import { Link } from "react-router";
import { EmptyState } from "../components/status-views.js";

export function NotFoundPage() {
  return (
    <div className="page">
      <EmptyState title="页面不存在">
        <Link to="/inbox">返回待办</Link>
      </EmptyState>
    </div>
  );
}
