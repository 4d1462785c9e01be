/* Live updates of the staff workspace: a websocket to /ws/staff/ announces case events.
 *
 * List pages (inbox, triage): every element marked data-live-refresh is re-read through
 * htmx (its hx-get) so a new assignment appears without a reload.
 *
 * The letter page (an element with data-live-letter="<letter id>"): only events whose
 * letter_id is that letter count. They show a notice with a "刷新查看" link in the
 * #live-letter-notice live region and re-read the read-only timeline (data-live-refresh);
 * the page is never reloaded and the action forms are never touched, so nothing a
 * handler is typing is lost. Events about other letters are ignored there.
 *
 * Events are hints only (at-most-once): after a reconnect the marked parts are re-read. */
(function () {
  "use strict";
  var MESSAGES = {
    assigned: "有新的来信分办到本单位，列表已更新",
    assisting: "有新的会办来信，列表已更新",
    returned: "有来信被退回，列表已更新",
    transferred_away: "有来信已转其他单位办理，列表已更新",
    review_requested: "有答复等待审核，列表已更新",
    sent_back: "有答复被退回修改，列表已更新",
    reviewed: "有答复已审核通过，列表已更新",
    urged: "收到催办，列表已更新",
    supervised: "收到督办单，列表已更新",
    reopened: "有来信被重新办理，列表已更新"
  };
  /* What happened to the open letter, by event type (the letter page's notice). */
  var LETTER_MESSAGES = {
    assigned: "来信已分办",
    assisting: "已指定会办单位",
    copy: "已抄送被反映单位",
    returned: "来信已被退回",
    transferred_away: "来信已转其他单位办理",
    co_opinion: "会办单位提交了会办意见",
    extension_requested: "已申请延期",
    extension_decided: "延期申请已审批",
    review_requested: "答复已提交审核",
    sent_back: "答复被退回修改",
    reviewed: "答复已审核通过",
    urged: "收到催办",
    supervised: "收到督办单",
    supervision_answered: "督办单已反馈",
    reopened: "来信已重新办理"
  };
  var status = document.getElementById("live-status");
  var letterRoot = document.querySelector("[data-live-letter]");
  var letterId = letterRoot ? letterRoot.getAttribute("data-live-letter") : null;
  var notice = document.getElementById("live-letter-notice");
  var updates = 0;
  var delay = 1000;
  var connectedOnce = false;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function refresh() {
    if (!window.htmx) {
      return;
    }
    document.querySelectorAll("[data-live-refresh]").forEach(function (element) {
      window.htmx.trigger(element, "desk:refresh");
    });
  }

  function letterMessage(event) {
    if (event.type === "assigned" && event.action === "transfer") {
      return "来信已转办";
    }
    return LETTER_MESSAGES[event.type] || "办理情况有更新";
  }

  function showLetterNotice(event) {
    if (!notice) {
      return;
    }
    updates += 1;
    var box = document.createElement("p");
    box.className = "ws-alert ws-alert-warn";
    var text = document.createElement("span");
    text.className = "ws-live-message";
    text.textContent = "本信件有新的办理动态：" + letterMessage(event) + "。";
    box.appendChild(text);
    box.appendChild(document.createTextNode(" "));
    /* A letter transferred away is no longer this department's to show: back to the inbox. */
    var away = event.type === "transferred_away";
    var link = document.createElement("a");
    link.className = "btn btn-small";
    link.href = away
      ? letterRoot.getAttribute("data-live-inbox-url")
      : letterRoot.getAttribute("data-live-letter-url");
    link.textContent = away ? "返回收件箱" : "刷新查看";
    box.appendChild(link);
    var hint = document.createElement("span");
    hint.className = "ws-muted";
    hint.textContent = away
      ? "（此信件已不由本单位承办）"
      : "（刷新前请先提交或保存正在填写的内容）";
    box.appendChild(document.createTextNode(" "));
    box.appendChild(hint);
    notice.setAttribute("data-updates", String(updates));
    notice.replaceChildren(box);
  }

  function handle(event) {
    if (letterRoot) {
      if (event.letter_id === undefined || String(event.letter_id) !== letterId) {
        return;  // another letter's news: not for this page
      }
      showLetterNotice(event);
      if (event.type !== "transferred_away") {
        refresh();
      }
      return;
    }
    refresh();
    say(MESSAGES[event.type] || "办理情况有更新，列表已更新");
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/staff/");
    socket.addEventListener("open", function () {
      delay = 1000;
      say("实时更新已连接");
      if (connectedOnce) {
        refresh();
      }
      connectedOnce = true;
    });
    socket.addEventListener("message", function (message) {
      var event;
      try {
        event = JSON.parse(message.data);
      } catch (error) {
        return;
      }
      if (!event || event.type === "hello") {
        return;
      }
      handle(event);
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4401) {
        say("登录已失效，请重新登录后查看实时更新");
        return;
      }
      say("实时更新已断开，正在重新连接…");
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }

  if ("WebSocket" in window) {
    connect();
  }
})();
