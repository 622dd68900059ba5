// Minimal SCORM 1.2 run-time calls: find the LMS API, start, record completion, finish.
var Course = (function () {
  function findApi(win) {
    for (var i = 0; win && i < 10; i++) {
      if (win.API) return win.API;
      if (win.parent === win) break;
      win = win.parent;
    }
    return window.opener && window.opener.API ? window.opener.API : null;
  }
  var api = null;
  return {
    start: function () {
      api = findApi(window);
      if (api) api.LMSInitialize("");
    },
    complete: function () {
      if (!api) return;
      api.LMSSetValue("cmi.core.lesson_status", "completed");
      api.LMSCommit("");
    },
    finish: function () {
      if (api) api.LMSFinish("");
    }
  };
})();
