// WebAuthn for the journalist interface. Served from 'self' under the strict CSP; no inline code.
"use strict";

function b64urlToBuffer(text) {
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)).buffer;
}

function bufferToB64url(buffer) {
  let binary = "";
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function csrfHeaders() {
  const token = document.querySelector('meta[name="csrf-token"]').content;
  return { "X-CSRFToken": token, "Content-Type": "application/json" };
}

function showStatus(text, ok) {
  const status = document.getElementById("webauthn-status");
  status.hidden = false;
  status.textContent = text;
  status.className = "flash " + (ok ? "success" : "error");
}

async function postJson(url, body) {
  const response = await fetch(url, { method: "POST", headers: csrfHeaders(), body: body, credentials: "same-origin" });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.message || response.statusText);
  return data;
}

function credentialJson(credential) {
  const r = credential.response;
  const response = { clientDataJSON: bufferToB64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = bufferToB64url(r.attestationObject);
    if (r.getTransports) response.transports = r.getTransports();
  } else {
    response.authenticatorData = bufferToB64url(r.authenticatorData);
    response.signature = bufferToB64url(r.signature);
    if (r.userHandle) response.userHandle = bufferToB64url(r.userHandle);
  }
  return JSON.stringify({ id: credential.id, rawId: bufferToB64url(credential.rawId), type: credential.type, response: response, clientExtensionResults: {} });
}

async function registerKey(form) {
  // The passphrase and a new two-factor code go with the request that starts the registration:
  // without them the server gives no challenge (a stolen session cannot add a key).
  const fields = new FormData(form);
  const body = JSON.stringify({ name: fields.get("name") || "", passphrase: fields.get("passphrase") || "", one_time_code: fields.get("one_time_code") || "" });
  const options = await postJson(form.dataset.options, body);
  options.challenge = b64urlToBuffer(options.challenge);
  options.user.id = b64urlToBuffer(options.user.id);
  options.excludeCredentials = (options.excludeCredentials || []).map((c) => ({ ...c, id: b64urlToBuffer(c.id) }));
  const credential = await navigator.credentials.create({ publicKey: options });
  const result = await postJson(form.dataset.register, credentialJson(credential));
  showStatus(result.message, true);
  window.location.assign(result.redirect);
}

async function useKey(button) {
  const options = await postJson(button.dataset.options, "{}");
  options.challenge = b64urlToBuffer(options.challenge);
  options.allowCredentials = (options.allowCredentials || []).map((c) => ({ ...c, id: b64urlToBuffer(c.id) }));
  const credential = await navigator.credentials.get({ publicKey: options });
  const result = await postJson(button.dataset.verify, credentialJson(credential));
  window.location.assign(result.redirect);
}

document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("use-key");
  if (button) button.addEventListener("click", () => useKey(button).catch((e) => showStatus(e.message, false)));
  const form = document.getElementById("register-key-form");
  if (form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      registerKey(form).catch((e) => showStatus(e.message, false));
    });
  }
});
