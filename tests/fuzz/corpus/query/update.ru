PREFIX : <http://example.org/>
INSERT DATA { :x :p "new" . GRAPH :g { :x :p 1 } } ;
DELETE { ?s :p ?o } INSERT { ?s :r ?o } WHERE { ?s :p ?o FILTER(isLiteral(?o)) } ;
CLEAR GRAPH :h ; COPY :g TO DEFAULT ; DROP SILENT ALL
