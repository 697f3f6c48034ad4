// Client-side search over agency names: the index (assets/agencies.js) is [name, place, href] rows.
(function () {
  const input = document.getElementById("q"), hits = document.getElementById("hits");
  if (!input || !window.ogiAgencies) return;
  input.addEventListener("input", function () {
    const q = input.value.trim();
    hits.innerHTML = "";
    if (!q) return;
    let n = 0;
    for (const [name, place, href] of window.ogiAgencies) {
      if (name.includes(q) || place.includes(q)) {
        const li = document.createElement("li"), a = document.createElement("a");
        a.href = window.ogiRoot + href; a.textContent = name + " · " + place;
        li.appendChild(a); hits.appendChild(li);
        if (++n >= 30) break;
      }
    }
  });
})();
