/**
 * /settings/groups (user admins): the name people read for each group, e.g. 安监办 for
 * `safety-office`. Groups of the directory read as their enterprise's or village's name
 * until a name is set here.
 */
import { useState } from "react";
import { describeError } from "../api/api-error.js";
import { api } from "../api/client.js";
import type { Group } from "../api/types.js";
import { ErrorBox, Loading } from "../components/status-views.js";
import { useAsync } from "../components/use-async.js";

export function GroupNamesPage() {
  const groups = useAsync(() => api.groups.list(), []);
  return (
    <div className="page">
      <h1>用户组名称</h1>
      <p className="muted">页面上显示组名称而不是组标识。未设置名称的组显示其标识。</p>
      {groups.error ? (
        <ErrorBox error={groups.error} onRetry={groups.reload} />
      ) : !groups.data ? (
        <Loading />
      ) : (
        <table className="table" aria-label="用户组名称">
          <thead>
            <tr>
              <th scope="col">组标识</th>
              <th scope="col">名称</th>
            </tr>
          </thead>
          <tbody>
            {groups.data.map((group) => (
              <GroupRow key={group.key} group={group} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function GroupRow({ group }: { group: Group }) {
  const [name, setName] = useState(group.name ?? "");
  const [saved, setSaved] = useState(group.name ?? "");
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = `group-${group.key}`;
  const save = () => {
    setBusy(true);
    setMessage(null);
    api.groups
      .rename(group.key, name)
      .then((renamed) => {
        setSaved(renamed.name ?? "");
        setName(renamed.name ?? "");
        setMessage("已保存");
      })
      .catch((error: unknown) => setMessage(describeError(error)))
      .finally(() => setBusy(false));
  };
  return (
    <tr>
      <td>
        <label htmlFor={inputId}>
          <code>{group.key}</code>
        </label>
      </td>
      <td>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <input
            id={inputId}
            value={name}
            maxLength={50}
            placeholder="未设置"
            onChange={(e) => setName(e.target.value)}
          />
          <button
            type="submit"
            className="btn small"
            disabled={busy || name.trim() === "" || name.trim() === saved}
          >
            保存
          </button>
          {message && (
            <span className="muted" role="status">
              {message}
            </span>
          )}
        </form>
      </td>
    </tr>
  );
}
