import { beforeEach, describe, expect, it } from "vitest";
import { install, type StandInWorkbook } from "./support/excel-standin";
import { writeTable } from "../src/excel/tables";
import { reactionsView } from "../src/excel/views";
import type { Consultation, Reaction } from "../src/shared/contract";

let workbook: StandInWorkbook;
beforeEach(() => {
  workbook = install().workbook;
});

const write = (consultation: Consultation, reactions: Reaction[]) =>
  workbook.run((context) => writeTable(context as unknown as Excel.RequestContext, reactionsView(consultation, reactions), true));

const consultation: Consultation = {
  id: "20251016T080000000Z-0a0b0c0d", round: "jeugd-2025", snapshot: "20251015T120000000Z-11223344",
  deadline: "2025-10-23T17:00:00+02:00", deadlineText: "donderdag 23 oktober 2025 om 17:00", status: "open", publishedAt: null, finalSnapshot: null,
};

const reaction = (id: string, agb: string, text: string, extra: Partial<Reaction> = {}): Reaction => ({
  id, agb, version: 1, product: null, variable: null, text, createdAt: "2025-10-17T09:00:00Z", updatedAt: "2025-10-17T09:00:00Z",
  withdrawnAt: null, versions: [{ version: 1, text, at: "2025-10-17T09:00:00Z" }], answer: null, ...extra,
});

const first: Reaction[] = [
  reaction("r1", "01234567", "Het uurtarief is te laag.", { product: "45A11", version: 2 }),
  reaction("r2", "98765432", "=HYPERLINK(\"x\")", { variable: "Verzuim", withdrawnAt: "2025-10-18T10:00:00Z" }),
];

describe("reactions table (Reacties_<ronde>)", () => {
  it("one row per reaction with sender, version, what it is about, the text as text and what still needs an answer", () => {
    const view = reactionsView(consultation, first);
    expect(view.table).toBe("Reacties_jeugd_2025");
    expect(view.title).toContain("open tot donderdag 23 oktober 2025 om 17:00");
    expect(view.rows.map((r) => [r[0], r[1], r[2], r[3], r[4], r[5], r[11]])).toEqual([
      ["r1", "01234567", 2, "45A11", null, "Het uurtarief is te laag.", "nog te beantwoorden"],
      ["r2", "98765432", 1, null, "Verzuim", "=HYPERLINK(\"x\")", "ingetrokken"],
    ]);
    expect(view.rows[1][8]).not.toBeNull();
  });

  it("writes AGB-codes and texts as text and refreshes in place once the reactions are answered", async () => {
    const created = await write(consultation, first);
    expect(created).toMatchObject({ table: "Reacties_jeugd_2025", sheet: "Reacties jeugd-2025", rows: 2, created: true });
    const sheet = created.sheet;
    expect(workbook.getCell(sheet, "B4")).toMatchObject({ value: "01234567", numberFormat: "@" });
    expect(workbook.getCell(sheet, "F5")).toMatchObject({ value: "=HYPERLINK(\"x\")", numberFormat: "@" });
    expect(workbook.getCell(sheet, "L4")?.fill).toBe("#F8D7DA");

    const answered: Reaction[] = [
      { ...first[0], answer: { publicQuestion: "Is het uurtarief te laag?", answer: "Ja, aangepast.", outcome: "changed", answeredAt: "2025-10-25T09:00:00Z" } },
      first[1],
      reaction("r3", "55555555", "Nog een reactie namens een aanbieder.", {
        answer: { publicQuestion: "Is de planning krap?", answer: "Nee.", outcome: "unchanged", answeredAt: "2025-10-25T09:00:00Z" },
      }),
    ];
    const refreshed = await write({ ...consultation, status: "closed", publishedAt: "2025-11-02T09:00:00Z" }, answered);
    expect(refreshed).toMatchObject({ created: false, sheet, rows: 3 });
    expect(workbook.table("Reacties_jeugd_2025")!.address).toBe("A3:L6");
    expect(workbook.getCell(sheet, "L4")).toMatchObject({ value: "aangepast", fill: "#FCF3CF" });
    expect(workbook.getCell(sheet, "J6")?.value).toBe("Is de planning krap?");
    expect(workbook.getCell(sheet, "A1")?.value).toContain("gesloten");
    expect(workbook.sheets.map((s) => s.name)).toEqual(["Reacties jeugd-2025"]);
  });
});
