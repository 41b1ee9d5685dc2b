// The printable complaint page: a Print button (the page has no other script and no navigation).
document.getElementById("print-now")?.addEventListener("click", () => window.print());
