"use strict";
// Stand-ins for what the theme's components import from @docusaurus/* and from Docusaurus'
// classic theme (@theme/Details, Heading, CodeBlock...). They render the same elements a built
// site shows in the browser after hydration (BrowserOnly renders its children, not a skeleton).
const React = require("react");
const h = React.createElement;

// `translate({message}, {type: "Path"})` -> "Path Parameters"
function interpolate(message, values) {
  return String(message).replace(/{(\w+)}/g, (m, k) => (values && k in values ? values[k] : m));
}

const modules = {
  "@docusaurus/Translate": {
    __esModule: true,
    translate: ({ message }, values) => interpolate(message, values),
    default: ({ children, values }) => (typeof children === "string" ? interpolate(children, values) : children),
  },
  "@docusaurus/BrowserOnly": { __esModule: true, default: ({ children }) => (children ? children() : null) },
  "@docusaurus/useIsBrowser": { __esModule: true, default: () => true },
  "@docusaurus/ExecutionEnvironment": { __esModule: true, default: { canUseDOM: false } },
  "@docusaurus/useIsomorphicLayoutEffect": { __esModule: true, default: React.useEffect },
  "@docusaurus/useBaseUrl": { __esModule: true, default: (u) => u },
  "@docusaurus/useDocusaurusContext": {
    __esModule: true,
    default: () => ({ siteConfig: { themeConfig: { api: {}, prism: {} }, customFields: {} }, i18n: {} }),
  },
  "@docusaurus/Link": { __esModule: true, default: ({ to, href, children }) => h("a", { href: to || href }, children) },
  "@docusaurus/router": { __esModule: true, useLocation: () => ({ pathname: "/", hash: "", search: "" }), useHistory: () => ({}) },
  "@docusaurus/plugin-content-docs/client": { __esModule: true, useDoc: () => ({ frontMatter: {}, metadata: {} }) },
  "@docusaurus/theme-common": {
    __esModule: true,
    ReactContextError: class extends Error {},
    duplicates: (arr, eq = (a, b) => a === b) => arr.filter((v, i) => arr.findIndex((w) => eq(v, w)) !== i),
    useEvent: (f) => f,
    useStorageSlot: () => [null, { set() {}, del() {} }],
    usePrismTheme: () => ({ plain: {}, styles: [] }),
  },
  // Docusaurus' Details: a <details> whose body is hidden while collapsed.
  "@theme/Details": {
    __esModule: true,
    default: ({ summary, children, open, className, style }) =>
      h("details", { open: !!open, className, style }, summary, h("div", null, children)),
  },
  "@theme/Heading": {
    __esModule: true,
    default: ({ as = "h2", children, id, className }) => h(as, { id, className }, children),
  },
  "@theme/CodeBlock": { __esModule: true, default: ({ children }) => h("pre", null, h("code", null, children)) },
  "@theme/Admonition": {
    __esModule: true,
    default: ({ type, title, children }) => h("div", { className: `admonition admonition-${type}` }, title ? h("div", null, title) : null, h("div", null, children)),
  },
  "@theme/SkeletonLoader": { __esModule: true, default: () => null },
  "@theme/ApiItem/hooks": {
    __esModule: true,
    useTypedSelector: (select) =>
      select({ server: { value: null }, contentType: { value: undefined }, accept: { value: undefined }, schemaSelection: {} }),
    useTypedDispatch: () => () => {},
  },
};

module.exports = modules;
