// The stand-ins as the browser end-to-end test injects them into the task pane page, before office.js loads.
import { install } from "./excel-standin";

const { workbook, customFunctions } = install(window as unknown as Record<string, unknown>);
// office.js replaces CustomFunctions.associate when it loads; keep the recording one.
const associate = customFunctions.associate;
Object.defineProperty(customFunctions, "associate", { get: () => associate, set: () => {} });
(window as unknown as Record<string, unknown>).__standIn = { workbook, customFunctions };
