// apv serve: the one script (loaded from the same origin; the pages work without it).
// - Upload forms: drop files on the zone, see which files are chosen, submit once.
// - The nulmeting matrix: sort by a column, filter by status, requirement and municipality.
"use strict";

function setupUpload(form) {
  const zone = form.querySelector(".dropzone");
  const input = form.querySelector("input[type=file]");
  const chosen = form.querySelector(".chosen");
  const button = form.querySelector("button[type=submit]");
  const show = () => {
    chosen.textContent = Array.from(input.files).map((f) => f.name).join(", ");
  };
  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach((type) =>
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add("over");
    })
  );
  ["dragleave", "drop"].forEach((type) =>
    zone.addEventListener(type, () => zone.classList.remove("over"))
  );
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
    input.files = event.dataTransfer.files;
    show();
    form.requestSubmit();
  });
  form.addEventListener("submit", () => {
    button.disabled = true;
    button.textContent = "Bezig met lezen…";
  });
}

function setupMatrix(table) {
  const body = table.tBodies[0];
  const rows = () => Array.from(body.rows);
  const headers = Array.from(table.tHead.rows[0].cells);
  let current = { key: "eis", ascending: true };

  const sortValue = (row, key) => {
    if (key === "eis") return Number(row.dataset.order);
    if (key === "met") return Number(row.dataset.met);
    const column = Number(key.slice(1)) + 1;
    return Number(row.cells[column].dataset.rank);
  };

  const sort = (key) => {
    const ascending = current.key === key ? !current.ascending : key !== "met";
    current = { key, ascending };
    const sorted = rows().sort((a, b) => {
      const d = sortValue(a, key) - sortValue(b, key);
      return (ascending ? d : -d) || Number(a.dataset.order) - Number(b.dataset.order);
    });
    sorted.forEach((row) => body.appendChild(row));
    table.querySelectorAll("button.sort").forEach((b) => b.removeAttribute("aria-sort"));
    table
      .querySelector(`button.sort[data-sort="${key}"]`)
      .setAttribute("aria-sort", ascending ? "ascending" : "descending");
  };
  table.querySelectorAll("button.sort").forEach((button) =>
    button.addEventListener("click", () => sort(button.dataset.sort))
  );

  const status = document.getElementById("f-status");
  const requirement = document.getElementById("f-eis");
  const municipality = document.getElementById("f-gemeente");
  const empty = document.getElementById("geen-resultaat");
  const filter = () => {
    const wantStatus = status.value;
    const wantRequirement = requirement.value;
    const wantMunicipality = municipality.value;
    const hideColumn = (name) => wantMunicipality !== "" && name !== wantMunicipality;
    headers.forEach((th) => {
      if (th.dataset.municipality !== undefined) {
        th.classList.toggle("hidden", hideColumn(th.dataset.municipality));
      }
    });
    table.querySelectorAll("tfoot td[data-municipality]").forEach((td) =>
      td.classList.toggle("hidden", hideColumn(td.dataset.municipality))
    );
    let shown = 0;
    rows().forEach((row) => {
      let any = false;
      Array.from(row.querySelectorAll("td[data-status]")).forEach((td) => {
        const hidden = hideColumn(td.dataset.municipality);
        const match = wantStatus === "" || td.dataset.status === wantStatus;
        td.classList.toggle("hidden", hidden);
        td.classList.toggle("dim", !match);
        if (!hidden && match) any = true;
      });
      const visible = any && (wantRequirement === "" || row.dataset.requirement === wantRequirement);
      row.classList.toggle("hidden", !visible);
      if (visible) shown += 1;
    });
    empty.hidden = shown > 0;
  };
  [status, requirement, municipality].forEach((select) =>
    select.addEventListener("change", filter)
  );
}

document.querySelectorAll("form.upload").forEach(setupUpload);
const matrix = document.getElementById("matrix");
if (matrix) setupMatrix(matrix);
