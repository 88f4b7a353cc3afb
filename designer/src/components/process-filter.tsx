/** The 流程 filter of a list page: 全部流程, then each process by its name. */
import type { DefinitionSummary } from "../api/types.js";

export function ProcessFilter(props: {
  value: string;
  definitions: DefinitionSummary[];
  onChange(processKey: string): void;
}) {
  return (
    <label>
      <span>流程</span>
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">全部流程</option>
        {props.definitions.map((d) => (
          <option key={d.key} value={d.key}>
            {d.name}
          </option>
        ))}
      </select>
    </label>
  );
}
