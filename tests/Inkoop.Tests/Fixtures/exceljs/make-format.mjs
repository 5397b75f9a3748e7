// Writes worked-example-34567890.xlsx with exceljs, a second writer next to EPPlus, so the reader is
// tested on a file it did not write itself. The .xlsx is committed; to make it again:
//   npm install exceljs@4.4.0 && node make-format.mjs
import ExcelJS from 'exceljs';

const wb = new ExcelJS.Workbook();
wb.creator = 'exceljs fixture';
const notes = wb.addWorksheet('Voorblad');
notes.getCell('A1').value = 'Tarievenonderzoek - ingevuld met exceljs';

const general = wb.addWorksheet('Gegevens');
const single = [
  ['Onderzoek_Ronde', 'voorbeeld-2025'],
  ['Peiljaar', 2023],
  ['Aanbieder_AGB', 34567890],
  ['Aanbieder_Naam', 'Aanbieder 34567890'],
  ['Aanbieder_Email', 'tarieven@34567890.nl'],
  ['Contracturen_FTE', { formula: '36*51', result: 1836 }],
  ['Verlofuren_FTE', 210],
  ['Scholingsuren_FTE', 50],
  ['Verzuim', '7%'],
  ['Productiviteit_Ambulant', 0.65],
  ['Overhead', 0.24],
  ['Ondernemersrisico', 0.03],
  ['Materieel_Uur', '3,00'],
];
single.forEach(([name, value], i) => {
  const row = 4 + i;
  general.getCell(`C${row}`).value = name;
  general.getCell(`D${row}`).value = value;
  wb.definedNames.add(`Gegevens!$D$${row}`, name);
});

const staff = wb.addWorksheet('Personeelsgegevens');
staff.addTable({
  name: 'Personeel', ref: 'B2', headerRow: true,
  columns: [{ name: 'Functieniveau' }, { name: 'FTE' }, { name: 'Brutojaarsalaris' }, { name: 'Werkgeverslasten' }],
  rows: [['MBO4', 8, 39000, 0.31], ['HBO', 15, 45500, 0.31], ['WO', 3, 64000, 0.33]],
});

const products = wb.addWorksheet('Productgegevens');
products.addTable({
  name: 'Producten', ref: 'A1', headerRow: true,
  columns: ['Productcode', 'Eenheid', 'Volume', 'Aandeel_MBO3', 'Aandeel_MBO4', 'Aandeel_HBO', 'Aandeel_HBOplus',
    'Aandeel_WO', 'Aandeel_WOplus', 'Groepsgrootte', 'Toelichting'].map(name => ({ name })),
  rows: [['45A11', 'uur', 10000, null, 0.25, 0.65, null, 0.10, null, 1, 'eigen kolom']],
});

await wb.xlsx.writeFile(new URL('./worked-example-34567890.xlsx', import.meta.url).pathname);
