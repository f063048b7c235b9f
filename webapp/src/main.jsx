import { render } from "preact";
import { App } from "./app.jsx";
import { applyLanguage } from "./i18n.js";
import "./style.css";

applyLanguage();
render(<App />, document.getElementById("app"));
