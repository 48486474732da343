/// The script of the hosted pages: Dintero's Checkout Web SDK protocol over `postMessage` when the page runs in
/// the SDK's iframe, plus what only a browser can do (move focus to errors, switch language live).
///
/// Written from the protocol facts of the SDK's public source (`src/checkout.ts` names the events,
/// `src/subscribe.ts` the messages to the checkout and the `{ack: mid}` reply, `src/index.ts` what the SDK does
/// with each event); see the README's "Frontend tests". At top level the forms post as they do without
/// JavaScript, so the last step stays a `302` to `return_url`. Inside a frame the forms post with `fetch` and
/// the next step replaces `<main>`: the page never navigates itself, and ends by posting the outcome event.
enum CheckoutScript {
    /// The JavaScript, inlined in every page.
    static let source = #"""
        (function () {
          "use strict";
          var root = document.getElementById("kravia-root");
          var texts = JSON.parse(document.getElementById("kravia-texts").textContent);
          var embedded = window.parent !== window;
          var parentOrigin = findParentOrigin();
          var state = {};
          var language = "en";
          var pendingAcks = {};
          var lastHeight = -1;
          var busy = false;
          var lockId = null;
          var awaitingValidation = null;

          // The shop's origin: where this frame's messages may go, and the only origin whose messages count.
          function findParentOrigin() {
            if (!embedded) return null;
            try {
              if (location.ancestorOrigins && location.ancestorOrigins.length) return location.ancestorOrigins[0];
            } catch (e) {}
            try {
              if (document.referrer) return new URL(document.referrer).origin;
            } catch (e) {}
            return null;
          }

          function newId() {
            var bytes = new Uint8Array(12);
            crypto.getRandomValues(bytes);
            return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
          }

          function post(type, payload, onAck) {
            if (!embedded) return;
            var message = { type: type, sid: state.sid, mid: newId() };
            for (var key in payload || {}) message[key] = payload[key];
            if (onAck) pendingAcks[message.mid] = onAck;
            var target = parentOrigin && parentOrigin !== "null" ? parentOrigin : "*";
            window.parent.postMessage(message, target);
          }

          function languageOf(code) {
            var primary = String(code || "").toLowerCase().split(/[-_]/)[0];
            if (primary === "no" || primary === "nb" || primary === "nn") return "no";
            return texts[primary] ? primary : "en";
          }

          function t(key, vars) {
            var text = (texts[language] && texts[language][key]) || texts.en[key] || key;
            return text.replace(/\{(\w+)\}/g, function (all, name) {
              return vars && Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : all;
            });
          }

          function applyLanguage() {
            document.documentElement.lang = language;
            document.querySelectorAll("[data-i18n]").forEach(function (el) {
              var vars = el.getAttribute("data-i18n-vars");
              el.textContent = t(el.getAttribute("data-i18n"), vars ? JSON.parse(vars) : null);
            });
            document.querySelectorAll("form[action]").forEach(function (form) {
              var url = new URL(form.getAttribute("action"), location.href);
              url.searchParams.set("language", language);
              form.setAttribute("action", url.pathname + url.search);
            });
          }

          function setLanguage(code) {
            language = languageOf(code);
            applyLanguage();
            post("LanguageChanged", { language: language });
          }

          // The SDK sets the iframe's height from this, so measure the content, not the frame.
          function reportHeight() {
            var height = Math.ceil(root.getBoundingClientRect().height);
            if (height === lastHeight) return;
            lastHeight = height;
            post("HeightChanged", { height: height });
          }

          function main() { return document.getElementById("kravia-main"); }
          function form() { return main().querySelector("form[data-kravia-form]"); }

          function showStatus(key) {
            var status = main().querySelector("[role=status]");
            if (!status) return;
            if (key) status.setAttribute("data-i18n", key); else status.removeAttribute("data-i18n");
            status.textContent = key ? t(key) : "";
          }

          function selectedType() {
            var checked = main().querySelector("input[name=payment_product_type]:checked");
            return checked ? checked.value : undefined;
          }

          // Business fields are hidden by CSS for consumer types; disabled here too, so they are not sent.
          function updateTypeFields() {
            var business = main().querySelector("[data-business-fields]");
            if (!business) return;
            var checked = main().querySelector("input[name=payment_product_type]:checked");
            business.disabled = !(checked && checked.getAttribute("data-business") === "true");
          }

          function showValidationError(message) {
            var current = form();
            var old = current.querySelector(".error-summary");
            if (old) old.remove();
            var box = document.createElement("div");
            box.className = "error-summary";
            box.setAttribute("role", "alert");
            box.setAttribute("tabindex", "-1");
            box.setAttribute("data-testid", "validation-error");
            var heading = document.createElement("h2");
            heading.setAttribute("data-i18n", "validation.failed");
            heading.textContent = t("validation.failed");
            box.appendChild(heading);
            if (message) {
              var text = document.createElement("p");
              text.textContent = message;
              box.appendChild(text);
            }
            current.insertBefore(box, current.firstChild);
            box.focus({ preventScroll: true });
            post("ScrollToTop");
          }

          // The session as the shop would validate it: the order with the billing details entered so far.
          function sessionWithDetails(current) {
            var session = JSON.parse(JSON.stringify(state.session || {}));
            var address = {};
            new FormData(current).forEach(function (value, name) {
              if (["step", "scenario", "payment_product_type", "action"].indexOf(name) < 0 && value !== "") {
                address[name] = value;
              }
            });
            session.order = session.order || {};
            session.order.billing_address = address;
            session.payment_product_type = selectedType();
            return session;
          }

          function submit(current, submitter) {
            var body = new URLSearchParams(new FormData(current));
            if (submitter && submitter.name) body.append(submitter.name, submitter.value);
            body.set("embedded", "1");
            busy = true;
            main().setAttribute("aria-busy", "true");
            fetch(current.getAttribute("action"), {
              method: "POST", body: body, credentials: "same-origin",
              headers: { "Content-Type": "application/x-www-form-urlencoded" }
            }).then(function (response) { return response.text(); })
              .then(function (html) { busy = false; swap(html); })
              .catch(function () {
                busy = false;
                main().removeAttribute("aria-busy");
                showStatus("error.network");
              });
          }

          function swap(html) {
            var next = new DOMParser().parseFromString(html, "text/html");
            var nextMain = next.getElementById("kravia-main");
            if (!nextMain) return;
            main().replaceWith(document.adoptNode(nextMain));
            document.title = next.title;
            enter(false);
          }

          function onSubmit(event) {
            if (!embedded) return; // at top level the browser posts, and the last step is the 302 to return_url
            event.preventDefault();
            var current = event.target;
            var submitter = event.submitter;
            if (busy || lockId || awaitingValidation) return;
            var leaving = submitter && submitter.name === "action";
            if (state.client_side_validation && current.getAttribute("data-kravia-form") === "details" && !leaving) {
              awaitingValidation = function (result) {
                awaitingValidation = null;
                showStatus(null);
                if (result.success) submit(current, submitter); else showValidationError(result.clientValidationError);
              };
              showStatus("validation.checking");
              post("ValidateSession", { session: sessionWithDetails(current) });
              return;
            }
            submit(current, submitter);
          }

          function lock() {
            var current = form();
            if (busy || awaitingValidation || !current) { post("SessionLockFailed"); return; }
            lockId = lockId || newId();
            current.inert = true;
            main().setAttribute("aria-busy", "true");
            showStatus("lock.text");
            post("SessionLocked", { pay_lock_id: lockId });
          }

          function unlock() {
            lockId = null;
            var current = form();
            if (current) current.inert = false;
            main().removeAttribute("aria-busy");
            showStatus(null);
          }

          // Re-reads the session from the page itself: the new order summary and session, then SessionUpdated.
          function refresh() {
            var url = new URL(location.href);
            url.searchParams.set("language", language);
            fetch(url.toString(), { credentials: "same-origin" }).then(function (response) {
              return response.text().then(function (html) { return { status: response.status, html: html }; });
            }).then(function (answer) {
              var next = new DOMParser().parseFromString(answer.html, "text/html");
              var nextState = next.getElementById("kravia-state");
              var parsed = nextState ? JSON.parse(nextState.textContent) : {};
              if (answer.status === 404 || !parsed.session) { post("SessionNotFound"); return; }
              state.session = parsed.session;
              var summary = main().querySelector("[data-testid=order-summary]");
              var nextSummary = next.querySelector("[data-testid=order-summary]");
              if (summary && nextSummary) summary.replaceWith(document.adoptNode(nextSummary));
              unlock();
              post("SessionUpdated", { session: state.session });
            }).catch(function () { post("SessionNotFound"); });
          }

          function setActiveType(type) {
            var radios = main().querySelectorAll("input[name=payment_product_type]");
            var found = false;
            radios.forEach(function (radio) { if (radio.value === type) found = true; });
            if (type && !found) return;
            radios.forEach(function (radio) { radio.checked = radio.value === type; });
            updateTypeFields();
            post("ActivePaymentProductType", { payment_product_type: type || undefined });
          }

          window.addEventListener("message", function (event) {
            if (!embedded || event.source !== window.parent) return;
            if (parentOrigin && parentOrigin !== "null" && event.origin !== parentOrigin) return;
            var data = event.data;
            if (!data || typeof data !== "object") return;
            if (data.ack) {
              var done = pendingAcks[data.ack];
              delete pendingAcks[data.ack];
              if (done) done();
              return;
            }
            if (data.sid !== state.sid) return;
            switch (data.type) {
              case "LockSession": lock(); break;
              case "RefreshSession": refresh(); break;
              case "SetActivePaymentProductType": setActiveType(data.payment_product_type); break;
              case "SetLanguage": setLanguage(data.language); break;
              case "ValidationResult": if (awaitingValidation) awaitingValidation(data); break;
            }
          });

          // Called for the first page and for every step swapped in after a post.
          function enter(first) {
            var stateElement = document.getElementById("kravia-state");
            var sid = state.sid;
            var session = state.session;
            state = stateElement ? JSON.parse(stateElement.textContent) : {};
            if (!state.sid) state.sid = sid;
            if (!state.session) state.session = session;
            if (first) language = languageOf(state.language);
            var current = form();
            if (current) {
              current.addEventListener("submit", onSubmit);
              current.querySelectorAll("input[name=payment_product_type]").forEach(function (radio) {
                radio.addEventListener("change", function () {
                  updateTypeFields();
                  post("ActivePaymentProductType", { payment_product_type: selectedType() });
                });
              });
              updateTypeFields();
            }
            if (first) {
              if (state.state === "not-found") post("SessionNotFound");
              else if (state.state !== "result") {
                post("SessionLoaded", { session: state.session });
                post("LanguageChanged", { language: language });
              }
            }
            var summary = main().querySelector(".error-summary");
            var heading = main().querySelector("h1");
            if (summary) {
              summary.focus({ preventScroll: true });
              post("ScrollToTop");
            } else if (!first && heading) {
              heading.focus({ preventScroll: true });
              if (state.state === "bankid") post("ScrollToTop");
            }
            if (state.event) {
              var link = main().querySelector("[data-testid=return-link]");
              var acknowledged = false;
              post(state.event.type, state.event.payload, function () { acknowledged = true; });
              // Nobody acknowledged within 2 s (an iframe without the SDK): show the way back to the shop.
              setTimeout(function () {
                if (!acknowledged && link) link.hidden = false;
                main().setAttribute("data-return-link", acknowledged ? "not-needed" : "shown");
              }, embedded ? 2000 : 0);
            }
            reportHeight();
          }

          enter(true);
          if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(root);
          window.addEventListener("load", reportHeight);
        })();
        """#
}
