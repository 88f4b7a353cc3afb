/** The live validation result: every problem, each one selecting the element at fault. */
import type { Problem } from "../api/types.js";

export function ProblemsList({
  problems,
  onPick,
}: {
  problems: Problem[];
  onPick(problem: Problem): void;
}) {
  return (
    <section
      className={problems.length ? "problems has-problems" : "problems"}
      aria-label="检查结果"
      aria-live="polite"
    >
      <div className="problems-head" data-testid="problem-count">
        {problems.length === 0
          ? "✓ 检查通过，没有问题"
          : `⚠ ${problems.length} 个问题，修正后才能发布`}
      </div>
      {problems.length > 0 && (
        <ul>
          {problems.map((problem, i) => (
            <li key={`${problem.path}-${i}`}>
              <button type="button" className="problem-item" onClick={() => onPick(problem)}>
                <code>{problem.path || "（整个流程）"}</code>
                <span>{problem.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
