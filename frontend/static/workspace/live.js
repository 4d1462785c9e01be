/* Live updates of the staff workspace: a websocket to /ws/staff/ announces case events;
 * every element marked data-live-refresh is re-read through htmx (its hx-get) so a new
 * assignment appears without a reload. Events are hints only (at-most-once): after a
 * reconnect the lists are re-read as well. */
(function () {
  "use strict";
  var MESSAGES = {
    assigned: "有新的来信分办到本单位，列表已更新",
    assisting: "有新的会办来信，列表已更新",
    returned: "有来信被退回，列表已更新",
    review_requested: "有答复等待审核，列表已更新",
    sent_back: "有答复被退回修改，列表已更新",
    reviewed: "有答复已审核通过，列表已更新",
    urged: "收到催办，列表已更新",
    supervised: "收到督办单，列表已更新",
    reopened: "有来信被重新办理，列表已更新"
  };
  var status = document.getElementById("live-status");
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
      refresh();
      say(MESSAGES[event.type] || "办理情况有更新，列表已更新");
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
