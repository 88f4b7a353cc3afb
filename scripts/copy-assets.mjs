// Ships the SQL migrations next to the compiled store code, where the migrator looks for them.
import { cpSync } from "node:fs";

cpSync("engine/store/migrations", "dist/engine/store/migrations", { recursive: true });
cpSync("processes/directory/migrations", "dist/processes/directory/migrations", {
  recursive: true,
});
