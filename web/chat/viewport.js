// Phones: the page is as high as the visible part of the window, so the composer sits just above
// the on-screen keyboard (visualViewport shrinks when it opens) and the status area stays at the top.
export function followVisualViewport(onResize) {
  const viewport = window.visualViewport;
  if (!viewport) return;
  const root = document.documentElement;
  let frame = 0;
  const fit = () => {
    frame = 0;
    // The visible height in CSS pixels of the layout (a pinch zoom does not shrink the page).
    root.style.setProperty("--app-height", `${Math.round(viewport.height * viewport.scale)}px`);
    if (viewport.scale === 1 && (window.scrollY || document.scrollingElement.scrollTop)) window.scrollTo(0, 0);
    onResize();
  };
  const schedule = () => { if (!frame) frame = requestAnimationFrame(fit); };
  viewport.addEventListener("resize", schedule);
  viewport.addEventListener("scroll", schedule);
  fit();
}
