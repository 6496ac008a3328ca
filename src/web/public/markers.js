// Chart markers for the dashboard (pure: tested without a browser).

/**
 * Markers on one candle and one side of it would be drawn on top of each other, their texts
 * unreadable: they become one marker whose text lists them (more than two: the first and a count).
 */
export function groupMarkers(markers) {
  const groups = new Map();
  for (const m of markers) {
    const key = `${m.time}|${m.position}`;
    const group = groups.get(key);
    if (group) group.texts.push(m.text);
    else groups.set(key, { ...m, texts: [m.text] });
  }
  return [...groups.values()]
    .map(({ texts, ...m }) => ({
      ...m,
      text: texts.length <= 2 ? texts.join(' · ') : `${texts[0]} · +${texts.length - 1} more`,
    }))
    .sort((a, b) => a.time - b.time);
}
