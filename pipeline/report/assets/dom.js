// DOM and formatting helpers. Every string from the data reaches the page through text nodes
// or setAttribute, never through innerHTML, so a model reply cannot become markup.
const SVG_NS = 'http://www.w3.org/2000/svg';
const PALETTE = ['#3b6fd4', '#e0773c', '#2f9e6e', '#b04fc4', '#c9a227', '#d1495b', '#5aa7c8', '#7a7a7a'];

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  return node;
}

function h(tag, attrs, ...children) {
  return append(setAttrs(document.createElement(tag), attrs), children);
}

function s(tag, attrs, ...children) {
  return append(setAttrs(document.createElementNS(SVG_NS, tag), attrs), children);
}

function runColor(index) {
  return PALETTE[index % PALETTE.length];
}

function fmt(value, format) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  switch (format) {
    case 'pct':
      return (value * 100).toFixed(1) + '%';
    case 'pct0':
      return (value * 100).toFixed(0) + '%';
    case 'ratio':
      return value.toFixed(3);
    case 'sec':
      return value.toFixed(1) + ' s';
    default:
      return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
  }
}

function fmtInterval(cell, format) {
  if (!cell) return '–';
  return fmt(cell[0], format) + ' [' + fmt(cell[1], format) + ', ' + fmt(cell[2], format) + ']';
}

function json(value) {
  if (value === undefined) return '';
  if (value && typeof value === 'object' && typeof value.$truncated === 'number') {
    return value.head + ' … (' + value.$truncated + ' characters in all; see traces.jsonl)';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function section(id, title, ...children) {
  return h('section', { id, class: 'card' }, h('h2', null, title), children);
}
