/**
 * The script of the /api/docs page, kept in a TS module (like migrations) so the compiled server carries
 * it without copying files; served as /api/docs.js because the CSP forbids inline scripts.
 */
export const DOCS_SCRIPT = String.raw`// Renders /api/openapi.json as a plain list (served as a file: the CSP forbids inline scripts).
(function () {
  var root = document.getElementById('docs');
  var labels = root.dataset;
  fetch('/api/openapi.json')
    .then(function (res) { return res.json(); })
    .then(function (doc) {
      root.textContent = '';
      Object.keys(doc.paths).forEach(function (path) {
        Object.keys(doc.paths[path]).forEach(function (method) {
          var op = doc.paths[path][method];
          var section = document.createElement('section');
          var title = document.createElement('h2');
          title.textContent = method.toUpperCase() + ' ' + path;
          var summary = document.createElement('p');
          summary.textContent = op.summary;
          section.appendChild(title);
          section.appendChild(summary);
          if (op.requestBody) {
            var bodyTitle = document.createElement('h3');
            bodyTitle.textContent = labels.body;
            var body = document.createElement('pre');
            body.textContent = JSON.stringify(op.requestBody.content, null, 2);
            section.appendChild(bodyTitle);
            section.appendChild(body);
          }
          var resTitle = document.createElement('h3');
          resTitle.textContent = labels.responses;
          var list = document.createElement('ul');
          Object.keys(op.responses).forEach(function (status) {
            var item = document.createElement('li');
            item.textContent = status + ': ' + op.responses[status].description;
            list.appendChild(item);
          });
          section.appendChild(resTitle);
          section.appendChild(list);
          root.appendChild(section);
        });
      });
    })
    .catch(function () { root.textContent = labels.failed; });
})();
`;
