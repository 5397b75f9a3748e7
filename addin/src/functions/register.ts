import { afwijking, norm, tarief, traject } from "./functions";

// The ids are those of functions.json (generated from the @customfunction tags in functions.ts). Outside Office
// (office.js not loaded) there is nothing to register with; the task pane says so.
if (typeof CustomFunctions !== "undefined") {
  CustomFunctions.associate("TARIEF", tarief);
  CustomFunctions.associate("NORM", norm);
  CustomFunctions.associate("TRAJECT", traject);
  CustomFunctions.associate("AFWIJKING", afwijking);
}
