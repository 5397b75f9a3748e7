import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bidStatusText, formatStatusText, label, severityText, statisticText, varianceStatusText } from "../src/shared/texts";

// The app's table (functions/Inkoop.Domain/Labels.nl.json, embedded in the domain) read from disk, as the C# side reads it.
const table = JSON.parse(readFileSync(new URL("../../functions/Inkoop.Domain/Labels.nl.json", import.meta.url), "utf8")) as
  Record<string, Record<string, string> | string>;

describe("Dutch labels", () => {
  it("are the app's own table, every kind and code", () => {
    for (const [kind, labels] of Object.entries(table)) {
      if (typeof labels === "string") continue;
      for (const [code, text] of Object.entries(labels)) expect(label(kind as never, code)).toBe(text);
    }
  });

  it("say in Dutch what the API says in codes", () => {
    expect(formatStatusText("repairNeeded")).toBe("herstel nodig");
    expect(statisticText("weightedMean")).toBe("gewogen gemiddelde");
    expect(bidStatusText("hasErrors")).toBe("met fouten");
    expect(varianceStatusText("missing")).toBe("ontbreekt");
    expect(severityText("warning")).toBe("waarschuwing");
    expect(label("bidFlag", "abnormallyLow")).toBe("abnormaal laag");
  });

  it("leave a code without a label as it is", () => {
    expect(formatStatusText("somethingNew")).toBe("somethingNew");
  });
});
